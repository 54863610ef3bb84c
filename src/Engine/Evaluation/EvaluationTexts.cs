using System.Reflection;

namespace Workbench.Engine.Evaluation;

/// <summary>The lab's own evaluation text: short TinyStories-style stories in plain English, written for this
/// workbench (no dataset download), embedded in the Engine assembly from <c>src/Engine/Evaluation/eval.txt</c>.
/// With stories260K's 512-token SentencePiece vocabulary it tokenizes to about 3,600 tokens: 28 chunks at n_ctx 128,
/// 7 at n_ctx 512 — enough for <see cref="PerplexityCalculator"/> (which needs at least 2 chunks).</summary>
public static class EvaluationTexts
{
    private static readonly Lazy<string> DefaultText = new(Load);

    /// <summary>The default evaluation text (UTF-8, about 7.6 KB, LF line ends).</summary>
    public static string Default => DefaultText.Value;

    private static string Load()
    {
        Assembly assembly = typeof(EvaluationTexts).Assembly;
        using Stream stream = assembly.GetManifestResourceStream("Workbench.Engine.Evaluation.eval.txt")
            ?? throw new InvalidOperationException("The embedded evaluation text Workbench.Engine.Evaluation.eval.txt is missing from the Engine assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
