namespace Workbench.Lab.Grading.Training;

/// <summary>The verdict of one corpus check.</summary>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Message">"passed" with what was counted, or why it failed, for the student.</param>
public sealed record CorpusCheckResult(bool Passed, string Message)
{
    /// <summary>A passed check.</summary>
    public static CorpusCheckResult Pass(string message) => new(true, message);

    /// <summary>A failed check.</summary>
    public static CorpusCheckResult Fail(string message) => new(false, message);
}
