using Workbench.Engine.Inference;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Requests;

/// <summary>What <see cref="RequestValidator.Validate"/> makes of a <see cref="ChatRequest"/>.</summary>
/// <param name="Generation">The engine request; its <see cref="GenerationRequest.Prompt"/> is empty until the caller
/// renders the messages (chat) or sets the prompt (completion).</param>
/// <param name="Messages">The validated messages (<c>developer</c> read as <c>system</c>, null content as empty,
/// tool calls and ids carried); empty for a completion.</param>
/// <param name="Logprobs">Whether the answer carries log probabilities.</param>
/// <param name="Tools">The validated tools, in request order; empty when none were sent.</param>
/// <param name="ToolChoice">The validated choice: as sent, or auto with tools and none without.</param>
/// <param name="ParallelToolCalls">Whether a reply may hold several calls (default true).</param>
public sealed record ValidatedRequest(
    GenerationRequest Generation,
    IReadOnlyList<PromptMessage> Messages,
    bool Logprobs,
    IReadOnlyList<ToolDefinition> Tools,
    ToolChoice ToolChoice,
    bool ParallelToolCalls);
