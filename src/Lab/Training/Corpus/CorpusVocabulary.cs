namespace Workbench.Lab.Training.Corpus;

/// <summary>The units, temperature units and search queries of the corpus.</summary>
internal static class CorpusVocabulary
{
    /// <summary>A unit: the spelling the <c>convert_units</c> tool receives (its vocabulary: UnitsNet abbreviations
    /// and the tool's aliases), the quantity, and how users say it (singular/plural chosen by the value).</summary>
    public sealed record Unit(string Symbol, string Quantity, string[] Spoken);

    public static readonly Unit[] Units =
    [
        new("km", "length", ["km", "kilometers", "kilometres"]), new("mi", "length", ["miles", "mi"]),
        new("m", "length", ["meters", "metres", "m"]), new("ft", "length", ["feet", "ft"]),
        new("cm", "length", ["centimeters", "cm"]), new("in", "length", ["inches"]),
        new("yd", "length", ["yards", "yd"]), new("mm", "length", ["millimeters", "mm"]),
        new("kg", "mass", ["kg", "kilograms", "kilos"]), new("lb", "mass", ["pounds", "lb", "lbs"]),
        new("g", "mass", ["grams", "g"]), new("oz", "mass", ["ounces", "oz"]),
        new("°C", "temperature", ["°C", "degrees Celsius", "Celsius"]), new("°F", "temperature", ["°F", "degrees Fahrenheit", "Fahrenheit"]),
        new("K", "temperature", ["kelvin", "K"]),
        new("l", "volume", ["liters", "litres", "l"]), new("gal", "volume", ["gallons", "gal"]), new("ml", "volume", ["milliliters", "ml"]),
        new("km/h", "speed", ["km/h", "kilometers per hour", "kph"]), new("mph", "speed", ["mph", "miles per hour"]),
        new("m/s", "speed", ["m/s", "meters per second"]),
    ];

    /// <summary>How users name the <c>get_weather</c> units, by the schema's enum value.</summary>
    public static readonly (string Value, string[] Spoken)[] TemperatureUnits =
    [
        ("celsius", ["celsius", "Celsius", "°C", "degrees Celsius", "centigrade"]),
        ("fahrenheit", ["fahrenheit", "Fahrenheit", "°F", "degrees Fahrenheit"]),
    ];

    public static readonly string[] SearchQueries =
    [
        "tokenizer", "attention", "softmax", "temperature", "top_p", "top-k sampling", "grammar", "json schema", "embedding", "rope",
        "kv cache", "quiz", "exercise", "tool calling", "mcp", "agent loop", "loss curve", "learning rate", "batch size", "perplexity",
        "beam search", "stop sequences", "chat template", "system prompt", "few-shot", "retrieval", "vector store", "cosine similarity",
        "chunking", "prompt injection", "sandbox", "grader", "rubric", "unit tests", "README", "setup", "installation", "gguf",
        "quantization", "llama.cpp", "context window", "max_tokens", "logprobs", "streaming", "SSE", "function calling", "hallucination",
        "evaluation", "benchmark", "fine-tuning", "LoRA", "RLHF", "reward model", "instruction tuning", "pre-training", "SFT", "dataset",
        "overfitting", "dropout", "gradient", "AdamW", "warmup", "cosine schedule", "weight decay", "transformer", "decoder", "encoder",
        "multi-head attention", "layer norm", "RMSNorm", "SwiGLU", "positional encoding", "BPE", "byte pair encoding", "vocabulary",
        "special tokens", "im_start", "tool_call", "finish_reason", "usage", "rate limit", "API key", "classroom", "submission",
        "deadline", "leaderboard", "homework", "lab 3", "lab 05", "week 2", "lecture notes", "slides", "glossary", "cheat sheet", "FAQ",
        "calculator", "weather", "time zones", "unit conversion", "search", "regex", "python", "csharp", "async", "cancellation",
        "timeout", "retry", "logging", "metrics", "latency", "throughput", "tokens per second", "GPU", "CPU threads", "memory",
        "mmap", "seed", "reproducibility", "determinism", "greedy decoding", "repetition penalty", "min_p", "mirostat", "JSON mode",
        "structured output", "schema validation", "error handling", "stack trace", "exception", "config", "appsettings", "docker",
        "ports", "security", "path traversal", "symlink", "permissions", "bubblewrap", "privacy", "license", "open weights",
        "open data", "Qwen", "Llama", "Mistral", "Hermes", "ChatML", "jinja", "TODO", "FIXME", "changelog", "release notes",
        "diagram", "architecture", "sequence diagram", "hello world", "starter code", "solution", "hints", "office hours",
    ];
}
