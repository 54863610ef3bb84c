namespace Workbench.Lab.Grading;

/// <summary>The outcome of grading one submission.</summary>
/// <param name="Outcome">Whether checks ran (<see cref="GradeOutcome.Graded"/>, even if all failed), the code did
/// not compile, or grading itself failed.</param>
/// <param name="Score">Points scored, 0..<paramref name="MaxScore"/>.</param>
/// <param name="MaxScore">The exercise's maximum.</param>
/// <param name="Duration">Wall time spent grading.</param>
/// <param name="Attempt">1-based attempt number of this student on this exercise.</param>
/// <param name="Checks">One result per check (per question for quizzes), in definition order.</param>
/// <param name="Diagnostics">Compiler errors and warnings in the student's files (code exercises).</param>
/// <param name="Message">A summary for the student, for example <c>3 of 4 checks passed</c> or
/// <c>killed: exceeded the wall-time limit of 20 s</c>.</param>
public sealed record GradeResult(
    GradeOutcome Outcome,
    int Score,
    int MaxScore,
    TimeSpan Duration,
    int Attempt,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<CompileDiagnostic> Diagnostics,
    string Message);

/// <summary>How grading ended.</summary>
public enum GradeOutcome
{
    /// <summary>Checks ran; see each check's result.</summary>
    Graded,

    /// <summary>The student's code did not compile; see the diagnostics. Score 0.</summary>
    CompileError,

    /// <summary>Grading could not run (for example the engine is down). Not the student's fault; resubmit.</summary>
    Error,
}

/// <summary>The result of one check (or quiz question).</summary>
/// <param name="Id">The check or question id.</param>
/// <param name="Title">The check title (question prompt as plain text for quizzes).</param>
/// <param name="Passed">Whether it passed (trials passed ≥ threshold).</param>
/// <param name="Message">Why it failed, or a short confirmation. Never contains hidden check code.</param>
/// <param name="Points">Points scored (0 or <paramref name="MaxPoints"/>).</param>
/// <param name="MaxPoints">Points available.</param>
/// <param name="TrialsPassed">How many trials passed.</param>
/// <param name="Trials">How many trials ran.</param>
public sealed record CheckResult(string Id, string Title, bool Passed, string Message, int Points, int MaxPoints, int TrialsPassed = 1, int Trials = 1);

/// <summary>A compiler diagnostic in a student's file, 1-based, as Monaco's markers expect.</summary>
/// <param name="File">The file name (for example <c>Solution.cs</c>).</param>
/// <param name="Line">Start line (1-based).</param>
/// <param name="Column">Start column (1-based).</param>
/// <param name="EndLine">End line (1-based).</param>
/// <param name="EndColumn">End column (1-based, exclusive).</param>
/// <param name="Severity"><c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Code">The compiler's id, for example <c>CS0103</c>.</param>
/// <param name="Message">The compiler's message.</param>
public sealed record CompileDiagnostic(string File, int Line, int Column, int EndLine, int EndColumn, string Severity, string Code, string Message);
