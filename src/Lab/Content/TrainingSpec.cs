namespace Workbench.Lab.Content;

/// <summary>
/// A training exercise's grading setup (yaml <c>training</c> of a <c>kind: training</c> exercise): the student's
/// generator is run in the sandbox once (<see cref="Seed"/>, <see cref="Conversations"/>), its conversations are
/// validated against <see cref="ToolPath"/>, then the committed model is fine-tuned briefly on them (with
/// <see cref="Replay"/> base-corpus conversations, <see cref="Steps"/> steps) and asked the hidden cases of
/// <see cref="HiddenCasesPath"/>. The check ids such an exercise may list are <see cref="CheckIds"/>.
/// </summary>
/// <param name="ToolPath">Absolute path of the new tool's OpenAI <c>tools</c> entry (yaml <c>tool</c>, a JSON file
/// inside the exercise folder). Hidden.</param>
/// <param name="HiddenCasesPath">Absolute path of the hidden cases (yaml <c>hidden_cases</c>): JSON lines
/// <c>{"tools": ["name", …], "messages": [...], "expected": {"tool", "arguments"}}</c>, tools named (the new tool
/// or a built-in one). Never served.</param>
/// <param name="Seed">The seed of the <c>Random</c> given to the generator (yaml <c>seed</c>, default 9).</param>
/// <param name="Conversations">How many conversations the generator is asked for (yaml <c>conversations</c>,
/// 10–2,000, default 300).</param>
/// <param name="Replay">Base-corpus conversations mixed into the fine-tune so the old tools are not forgotten
/// (yaml <c>replay</c>, 1–20,000, default 300).</param>
/// <param name="Steps">Optimizer steps of the fine-tune (yaml <c>steps</c>, 1–5,000, default 150).</param>
/// <param name="NewToolMinAccuracy">The fraction of the new tool's hidden cases that must get the right call
/// (yaml <c>new_tool_min_accuracy</c>, in (0, 1]).</param>
/// <param name="OldToolsMinAccuracy">The same for the built-in tools' hidden cases (yaml
/// <c>old_tools_min_accuracy</c>, in (0, 1]).</param>
public sealed record TrainingSpec(
    string ToolPath,
    string HiddenCasesPath,
    int Seed,
    int Conversations,
    int Replay,
    int Steps,
    double NewToolMinAccuracy,
    double OldToolsMinAccuracy)
{
    /// <summary>The corpus is valid (<c>valid</c>).</summary>
    public const string ValidCheck = "valid";

    /// <summary>The new tool is offered and called with schema-valid arguments (<c>calls-new-tool</c>).</summary>
    public const string CallsNewToolCheck = "calls-new-tool";

    /// <summary>Distinct user messages and phrasings (<c>varied</c>).</summary>
    public const string VariedCheck = "varied";

    /// <summary>Plain replies where no offered tool fits (<c>no-fit</c>).</summary>
    public const string NoFitCheck = "no-fit";

    /// <summary>After the fine-tune, the new tool's hidden cases (<c>learns-new-tool</c>).</summary>
    public const string LearnsNewToolCheck = "learns-new-tool";

    /// <summary>After the fine-tune, the built-in tools' hidden cases (<c>keeps-old-tools</c>).</summary>
    public const string KeepsOldToolsCheck = "keeps-old-tools";

    /// <summary>Every check id a training exercise may list.</summary>
    public static IReadOnlyList<string> CheckIds { get; } =
        [ValidCheck, CallsNewToolCheck, VariedCheck, NoFitCheck, LearnsNewToolCheck, KeepsOldToolsCheck];
}
