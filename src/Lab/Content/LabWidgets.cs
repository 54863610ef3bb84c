namespace Workbench.Lab.Content;

/// <summary>
/// The widget names lab content may embed (<c>:::widget &lt;name&gt;</c>). The web app renders each as a live
/// component on the real engine; a test in Web.Tests checks that every name here has one. Content validation
/// rejects any other name.
/// </summary>
public static class LabWidgets
{
    /// <summary>The request/response wire inspector: the exact JSON sent to and received from
    /// <c>/v1/chat/completions</c>. Options: <c>system</c>, <c>user</c>, <c>max_tokens</c>, <c>seed</c>.</summary>
    public const string WireInspector = "wire-inspector";

    /// <summary>A small multi-turn chat that shows the whole <c>messages</c> array resent on every call.
    /// Options: <c>system</c>, <c>max_tokens</c>.</summary>
    public const string ChatPlayground = "chat-playground";

    /// <summary>A chat with a context gauge (tokens used of n_ctx), per-message token counts on the templated prompt,
    /// and the exact prompt the next call renders; warns before a call that will not fit. Options (all optional):
    /// <c>system</c> (default "You are a friendly storyteller."), <c>max_tokens</c> (reply reserve, default 48),
    /// <c>seed</c> (default 1).</summary>
    public const string ContextGauge = "context-gauge";

    /// <summary>History strategies (keep-all, drop oldest, sliding window by turns and by tokens, summarize-and-compact)
    /// side by side on one conversation, with the cumulative prompt-token cost per turn. Options (all optional):
    /// <c>system</c>, <c>max_tokens</c> (default 32), <c>seed</c> (default 1), <c>strategy</c> (the one whose view
    /// generates the replies: <c>keep-all</c>, <c>drop-oldest</c> (default), <c>sliding-window-turns</c>,
    /// <c>sliding-window-tokens</c>, <c>summarize</c>), <c>window_turns</c> (1–50, default 2), <c>window_tokens</c>
    /// (16–100000, default 200), <c>threshold</c> (compaction at this % of the budget, 1–100, default 75),
    /// <c>keep_turns</c> (turns a compaction keeps verbatim, 1–20, default 1).</summary>
    public const string HistoryStrategies = "history-strategies";

    /// <summary>A fact stated early and asked for later, under each history strategy. Options (all optional):
    /// <c>system</c>, <c>fact</c> (default "My cat is called Tom."), <c>question</c> (default "What is my cat
    /// called?"), <c>answer</c> (default "Tom"), <c>filler_turns</c> (turns between, 0–40, default 8),
    /// <c>max_tokens</c> (default 24), <c>seed</c> (default 1), and <c>window_turns</c>, <c>window_tokens</c>,
    /// <c>threshold</c>, <c>keep_turns</c> as for <see cref="HistoryStrategies"/>.</summary>
    public const string ForgettingDemo = "forgetting-demo";

    /// <summary>One prompt over three transports side by side (non-streaming, raw SSE frames, SignalR) with time to
    /// first token, inter-token latency and tokens/s, and cancellation proven by the worker's <c>/health</c> counters.
    /// Options (all optional): <c>prompt</c> (the user message; default "Once upon a time, a little fox"),
    /// <c>max_tokens</c> (default 512), <c>temperature</c> (default 0.8), <c>seed</c> (default random),
    /// <c>ignore_eos</c> (<c>true</c>/<c>false</c>, default true: the run lasts max_tokens, long enough to watch and
    /// cancel), <c>cancel_after</c> (the streaming runs cancel themselves after this many tokens; default 0 = off),
    /// <c>transports</c> (comma list of <c>json</c>, <c>sse</c>, <c>signalr</c>; default all three).</summary>
    public const string StreamCompare = "stream-compare";

    /// <summary>A JSON Schema editor (Monaco) and the four output modes (free text, prompt-only, JSON mode,
    /// schema-constrained) on one prompt and seed, each reply with its parse/validation verdict; the valid reply as a
    /// typed C# object; an experiment runner (N seeds per mode) with the validity rate per mode as a table and a chart.
    /// Options, all optional: <c>prompt</c> (the user message; default asks for Paris's name, country, latitude and
    /// longitude), <c>schema</c> (JSON Schema text; default the lecture's Location schema), <c>max_tokens</c>
    /// (default 160), <c>temperature</c> (default 0.8), <c>seed</c> (of the single run, default 1), <c>runs</c>
    /// (experiment runs per mode, default 10, 1–100).</summary>
    public const string SchemaModes = "schema-modes";

    /// <summary>The grammar step view: per generated token, how many tokens the grammar allowed and the top candidates
    /// with the disallowed ones struck out. Options, all optional: <c>prompt</c> (the user message), <c>schema</c>
    /// (JSON Schema text converted to the grammar; default the Location schema), <c>grammar</c> (GBNF text with a
    /// <c>root</c> rule, used instead of <c>schema</c>), <c>max_tokens</c> (default 48), <c>top_logprobs</c>
    /// (candidates per step, default 8, 1–20), <c>seed</c> (default 1), <c>temperature</c> (default 1).</summary>
    public const string GrammarSteps = "grammar-steps";

    /// <summary>Tool definitions editor (Monaco, JSON: the request's <c>tools</c> array) with <c>tool_choice</c> and
    /// <c>parallel_tool_calls</c>, a send button, the exact request, the raw text the model generated and the parsed
    /// <c>tool_calls</c> beside it, with <c>finish_reason</c> and the prompt's token count against n_ctx (warns before a
    /// request that does not fit). Options, all optional: <c>prompt</c> (the user message), <c>tools</c> (JSON text of
    /// the <c>tools</c> array; default a <c>get_weather</c> tool), <c>tool_choice</c> (<c>auto</c>, <c>none</c>,
    /// <c>required</c> or a function name; default <c>required</c>, since stories260K calls only when forced),
    /// <c>max_tokens</c>, <c>seed</c>, <c>temperature</c>.</summary>
    public const string ToolDefinitions = "tool-definitions";

    /// <summary>The format gallery: one conversation (question, call, result, answer) rendered by each family's real
    /// chat template (Hermes/Qwen2.5, Qwen3-Coder, Llama 3.1, Mistral), side by side with the call markup marked and
    /// the vLLM <c>--tool-call-parser</c> of each. Options, all optional: <c>families</c> (comma list of
    /// <c>hermes</c>, <c>qwen3-coder</c>, <c>llama31</c>, <c>mistral</c>; default all four).</summary>
    public const string ToolFormatGallery = "tool-format-gallery";

    /// <summary>Parser matching (the lecture's "Exercise 2: Tool Call Format Matching"): one model output through every
    /// parser (<c>POST /tool-calls/parse</c>), showing per parser the <c>tool_calls</c>, the <c>content</c> left over
    /// and the <c>finish_reason</c> a server would send, which parser matches, and the matching vLLM flag and
    /// llama-server setting. Options, all optional: <c>text</c> (the model output; default a Hermes call),
    /// <c>examples</c> (<c>true</c>/<c>false</c>, default true: a menu of outputs in each format).</summary>
    public const string ToolParserMatching = "tool-parser-matching";

    /// <summary>The trace of a tool loop over the built-in tools (calculator, clock, unit conversion, file search):
    /// per step the raw model text, the parsed calls, each result or error, tokens and time; stops at the iteration
    /// limit. Options, all optional: <c>prompt</c>, <c>tools</c> (comma list of built-in tool names; default all),
    /// <c>max_iterations</c> (default 4), <c>tool_choice</c> (default <c>required</c> for the first step),
    /// <c>max_tokens</c>, <c>seed</c>.</summary>
    public const string ToolLoopTrace = "tool-loop-trace";

    /// <summary>The MCP servers the lab is a client of: status and error per server, its tools (with their
    /// <c>inputSchema</c>), resources and prompts; reconnect and ping; an instructor (or the self-paced learner) adds
    /// and removes servers. Options, all optional: <c>server</c> (the one to select first).</summary>
    public const string McpServers = "mcp-servers";

    /// <summary>Try an MCP tool by hand: a form generated from the tool's <c>inputSchema</c>, the <c>tools/call</c>
    /// sent, and the result (<c>content</c>, <c>isError</c>). Options, all optional: <c>server</c>, <c>tool</c>.</summary>
    public const string McpToolTry = "mcp-tool-try";

    /// <summary>The JSON-RPC traffic panel: every request, response and notification of the lab's MCP connections in
    /// order, with direction, method, id, timing and the raw JSON; a filter by server; the handshake explained the
    /// first time it appears. Options, all optional: <c>server</c> (the filter to start with).</summary>
    public const string McpTraffic = "mcp-traffic";

    /// <summary>A tool loop whose tools are one MCP server's tools: the model's calls go out as <c>tools/call</c>, so
    /// the same call shows in the loop's trace and in the traffic panel. Options, all optional: <c>server</c>,
    /// <c>prompt</c>, <c>tools</c> (comma list), <c>tool_choice</c> (first step's, default <c>required</c>),
    /// <c>max_iterations</c>, <c>max_tokens</c>, <c>seed</c>.</summary>
    public const string McpToolLoop = "mcp-tool-loop";

    /// <summary>Quantize a GGUF model with llama.cpp (<c>llama_model_quantize</c>, the bytes <c>llama-quantize</c>
    /// writes) in a model-tool child process: source and type pickers, the requantize box with its warning, Start, a
    /// progress bar, Cancel, then each tensor's final type (fallbacks marked) and the size before → after; the new
    /// file lands in the lab's output models folder and the model list. Options, all optional: <c>source</c> (a model
    /// file name; default <c>stories260K.gguf</c> when present, else the first model), <c>type</c> (Q8_0, Q6_K,
    /// Q5_K_M, Q5_0, Q4_K_M, Q4_0, Q3_K_M or Q2_K; default <c>Q4_K_M</c>).</summary>
    public const string Quantize = "quantize";

    /// <summary>The per-type comparison table: pick a source and the files made from it (names starting with the
    /// source's stem), n_ctx and a prompt; Run (progress, cancel) measures file size, bits per weight, load time,
    /// prompt and generation tok/s, perplexity (as llama-perplexity) and its delta from the source, KL divergence
    /// and same-top-token share vs the source, best/worst marked, and the same greedy prompt's output side by side.
    /// Options, all optional: <c>source</c> (file name, default <c>stories260K.gguf</c>), <c>n_ctx</c> (default 128),
    /// <c>prompt</c> (the greedy prompt), <c>models</c> (comma list of file names to tick; default all).</summary>
    public const string QuantCompare = "quant-compare";

    /// <summary>Weight views: one tensor of a "before" and an "after" model from the model folders, read with the
    /// Engine's GGUF reader: value histograms before and after, the error histogram, RMSE, max |error| and bits per
    /// weight, and one block opened up (fp16 scale(s), sub-block scale/min codes, quants, dequantized values next to
    /// the originals); large tensors are sampled by rows. Options, all optional: <c>before</c> (default
    /// <c>stories260K.gguf</c>), <c>after</c> (default the first other file whose name starts with the before file's
    /// name), <c>tensor</c> (default the first tensor with a block type in the after file), <c>block</c> (default 0).</summary>
    public const string WeightView = "weight-view";

    /// <summary>The lecture's picture: the same N parameters at FP32, Q8_0, Q4_0 and Q2 (ggml's 2-bit Q2_0 block),
    /// each as a heat-map grid, a histogram, bits per weight, bytes, RMSE and distinct values. Options, all optional:
    /// <c>n</c> (multiple of 64 in 64..4096, default 256), <c>seed</c> (default 1), <c>model</c> (default
    /// <c>stories260K.gguf</c>) and <c>tensor</c> (take the first N values of that tensor instead of seeded ones).</summary>
    public const string PrecisionPicture = "precision-picture";

    /// <summary>The VRAM calculator: weights + KV cache + output + compute buffer for the loaded model (with
    /// llama.cpp's own memory report of the load beside the estimate, and the difference), any GGUF of the model
    /// catalog (read from its header, nothing loaded) or a catalogue model of real shapes (Qwen2.5-Coder, Qwen3-Coder
    /// MoE, DeepSeek-Coder-V2 MoE/MLA, Code Llama, Llama 3.1 …), against the lesson's GPU tiers; for MoE, resident vs
    /// active weights. Options (all optional): <c>source</c> (<c>loaded</c> | <c>file</c> | <c>catalog</c>; default
    /// <c>loaded</c> when a model is loaded, else <c>catalog</c>), <c>model</c> (a catalogue id such as
    /// <c>qwen2.5-coder-7b</c>, or a GGUF file name with <c>source: file</c>), <c>type</c> (weight type: <c>F16</c>,
    /// <c>Q8_0</c>, <c>Q6_K</c>, <c>Q5_K_M</c>, <c>Q4_K_M</c>, <c>Q4_0</c>, <c>Q3_K_M</c>, <c>Q2_K</c>, … or
    /// <c>file</c> for the file's tensor bytes; default <c>file</c>, <c>Q4_K_M</c> for the catalogue), <c>n_ctx</c>
    /// (tokens per sequence; default the loaded window, else 4096), <c>sequences</c> (1–64), <c>cache_type</c>
    /// (<c>f16</c> | <c>q8_0</c> | <c>q4_0</c>).</summary>
    public const string VramCalculator = "vram-calculator";

    /// <summary>The coding agent on one task: backend, model, verify-on-edit and max steps; the workspace in a Monaco
    /// file tree and editor, each edit as a diff, the live trajectory (raw model text, tool calls, results, tokens,
    /// time), the nudge and rollback texts, and the hidden tests' outcome (<c>POST /api/agent/runs</c>). Options: see
    /// the widget's component.</summary>
    public const string AgentRun = "agent-run";

    /// <summary>The A/B experiment runner: the lab's bug-fix tasks with and without verify-on-edit, N seeds each, on a
    /// chosen backend; pass rates with 95 % confidence intervals, per-task outcomes, tokens and time, beside the
    /// lecture's result. Options: see the widget's component.</summary>
    public const string AgentExperiment = "agent-experiment";

    /// <summary>A browser training run (lab 09): model size, learning rate, steps and seed within safe bounds, Start /
    /// Stop, the queue position, the live loss curve, checkpoint samples and the trained model
    /// (<c>POST /api/training/runs</c>). Options: see the widget's component.</summary>
    public const string TrainingRun = "training-run";

    /// <summary>Every known widget name.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        WireInspector, ChatPlayground, ContextGauge, HistoryStrategies, ForgettingDemo, StreamCompare, SchemaModes, GrammarSteps,
        ToolDefinitions, ToolFormatGallery, ToolParserMatching, ToolLoopTrace,
        McpServers, McpToolTry, McpTraffic, McpToolLoop,
        Quantize, QuantCompare, WeightView, PrecisionPicture, VramCalculator,
        AgentRun, AgentExperiment,
        TrainingRun,
    };
}
