using System.Text.Json.Nodes;
using Workbench.Lab.Content;

namespace Workbench.Lab.Grading.Training;

/// <summary>What <see cref="ICorpusFineTuner"/> is asked to do: fine-tune on <paramref name="Conversations"/> as
/// <paramref name="Spec"/> says, then answer every case of <paramref name="Cases"/>.</summary>
/// <param name="Conversations">The student's conversations, validated (OpenAI shape: <c>tools</c>,
/// <c>messages</c>, <c>expected</c>).</param>
/// <param name="Cases">The hidden cases.</param>
/// <param name="Spec">Steps, replay and seed of the fine-tune.</param>
public sealed record FineTuneRequest(IReadOnlyList<JsonObject> Conversations, IReadOnlyList<HiddenCase> Cases, TrainingSpec Spec);

/// <summary>How the fine-tuned model did on each hidden case.</summary>
/// <param name="Outcomes">One per case of the request, in its order.</param>
/// <param name="Steps">Optimizer steps run.</param>
/// <param name="FinalLoss">The last reported training loss, in nats.</param>
/// <param name="Elapsed">Training and evaluation wall time.</param>
public sealed record FineTuneEvaluation(IReadOnlyList<HiddenCaseOutcome> Outcomes, int Steps, double FinalLoss, TimeSpan Elapsed);

/// <summary>The fine-tuned model's first reply to one hidden case.</summary>
/// <param name="Verdict">Right, or what went wrong.</param>
/// <param name="CalledTool">The tool it called, or null when it did not call one.</param>
public sealed record HiddenCaseOutcome(HiddenCaseVerdict Verdict, string? CalledTool);

/// <summary>How one reply compares with its hidden case's expectation.</summary>
public enum HiddenCaseVerdict
{
    /// <summary>The expected tool with the expected arguments (or no call when none was expected).</summary>
    Right,

    /// <summary>The expected tool, other arguments.</summary>
    WrongArguments,

    /// <summary>Another tool.</summary>
    WrongTool,

    /// <summary>No call where one was expected.</summary>
    NoCall,

    /// <summary>A call where none was expected.</summary>
    UnexpectedCall,

    /// <summary>The reply tried to call a tool but could not be parsed into a valid call.</summary>
    Invalid,
}
