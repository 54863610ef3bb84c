using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Lab 08's exercises as the content loader reads them from the repository's <c>labs/</c>, graded on the
/// real compiler and sandbox: each reference passes every check, each starter fails every check at its TODO, and
/// each plausible mistake fails the check that names it and no other; and the rollback checks' syntax errors are
/// exactly what Roslyn reports for their texts.</summary>
[Collection(GradingCollection.Name)]
public sealed class Lab08GradingTests(GradingFixture fixture, ITestOutputHelper output)
{
    private const string LabId = "08-coding-agent";

    private static LabDefinition Lab => RealLabs.Get(LabId);

    private static ExerciseDefinition Edit => Lab.FindExercise("edit-file")!;

    private static ExerciseDefinition Rollback => Lab.FindExercise("rollback")!;

    [Fact]
    public void Validate_Lab08_HasNoErrorsAndEmbedsTheAgentWidgets()
    {
        var errors = LabCatalogLoader.Validate(RealLabs.ContentDirectory, LabWidgets.Names);

        Assert.DoesNotContain(errors, e => e.File.StartsWith(LabId + "/", StringComparison.Ordinal));
        Assert.Equal("Coding agents", Lab.Title);
        Assert.Equal(8, Lab.Order);
        Assert.Equal(["05-tool-calling"], Lab.Prerequisites);
        Assert.Equal(["edit-file", "rollback", "quiz"], Lab.Exercises.Select(e => e.Id));
        Assert.Equal([ExerciseKind.Code, ExerciseKind.Code, ExerciseKind.Quiz], Lab.Exercises.Select(e => e.Kind));
        Assert.Equal([LabWidgets.AgentRun, LabWidgets.AgentExperiment], Lab.Blocks.OfType<WidgetBlock>().Select(w => w.Name));
        Assert.Equal(["edit-file", "rollback", "quiz"], Lab.Blocks.OfType<ExerciseBlock>().Select(b => b.ExerciseId));
    }

    [Fact]
    public async Task GradeAsync_EditFileReference_PassesEveryCheck()
    {
        var result = await GradeAsync(Edit, RealLabs.Solution(Edit));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == Edit.MaxScore, Describe(result));
        Assert.Equal(8, result.Checks.Count);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_EditFileStarter_FailsEveryCheckAtTheTodo()
    {
        var starter = RealLabs.Starter(Edit);

        RealLabs.AssertEveryCheckFailsAtTheTodo(await GradeAsync(Edit, starter), starter);
    }

    [Theory]
    [InlineData("non-overlapping count", "at = content.IndexOf(oldString, at + 1, StringComparison.Ordinal)",
        "at = content.IndexOf(oldString, at + oldString.Length, StringComparison.Ordinal)", new[] { "overlapping" })]
    [InlineData("no CRLF conversion", "content.Contains(\"\\r\\n\", StringComparison.Ordinal)", "false", new[] { "crlf" })]
    [InlineData("LF-only new_string", "newString = ToCrlf(newString);", "", new[] { "crlf" })]
    [InlineData("Regex.Replace", "string.Concat(content.AsSpan(0, first), newString, content.AsSpan(first + oldString.Length))",
        "new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(oldString)).Replace(content, newString, 1)", new[] { "literal" })]
    [InlineData("no empty check", "if (oldString.Length == 0) return EditResult.Refused(content, \"old_string is empty\");", "", new[] { "empty-or-unchanged" })]
    [InlineData("no-change after the count", "if (string.Equals(oldString, newString, StringComparison.Ordinal))\n            return EditResult.Refused(content, \"no change: new_string equals old_string\");", "", new[] { "empty-or-unchanged" })]
    [InlineData("case-insensitive", "content.IndexOf(oldString, StringComparison.Ordinal); at >= 0;",
        "content.IndexOf(oldString, StringComparison.OrdinalIgnoreCase); at >= 0;", new[] { "zero-matches" })]
    public async Task GradeAsync_EditFileMistake_FailsOnlyTheCheckThatNamesIt(string mistake, string find, string replace, string[] failing)
    {
        var solution = RealLabs.Solution(Edit, s => s.Replace(find, replace, StringComparison.Ordinal));

        var result = await GradeAsync(Edit, solution);

        RealLabs.AssertGraded(result);
        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(failing), $"{mistake}: {Describe(result)}");
    }

    [Fact]
    public async Task GradeAsync_EditFileWithLfNewStringInACrlfFile_NamesTheLineEnds()
    {
        var solution = RealLabs.Solution(Edit, s => s.Replace("newString = ToCrlf(newString);", "", StringComparison.Ordinal));

        var result = await GradeAsync(Edit, solution);

        Assert.Contains("convert new_string to CRLF too", result.Checks.Single(c => c.Id == "crlf").Message);
    }

    [Fact]
    public async Task GradeAsync_RollbackReference_PassesEveryCheck()
    {
        var result = await GradeAsync(Rollback, RealLabs.Solution(Rollback));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == Rollback.MaxScore, Describe(result));
        Assert.Equal(6, result.Checks.Count);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_RollbackStarter_FailsEveryCheckAtTheTodo()
    {
        var starter = RealLabs.Starter(Rollback);

        RealLabs.AssertEveryCheckFailsAtTheTodo(await GradeAsync(Rollback, starter), starter);
    }

    [Fact]
    public async Task GradeAsync_RollbackMatchingByPosition_FailsTheAlreadyBrokenCheck()
    {
        var solution = RealLabs.Solution(Rollback, s => s.Replace("e.Id == error.Id && e.Message == error.Message", "e == error", StringComparison.Ordinal));

        var result = await GradeAsync(Rollback, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["already-broken"]), Describe(result));
        Assert.Contains("not by position", result.Checks.Single(c => c.Id == "already-broken").Message);
    }

    [Fact]
    public async Task GradeAsync_RollbackComparingCounts_FailsTheFixAndBreakCheck()
    {
        // "More errors than before" is the other sensible rule; it keeps an edit that swaps one error for another.
        var solution = RealLabs.Solution(Rollback, s => s.Replace("if (introduced.Count > 0)", "if (errorsAfter.Count > errorsBefore.Count)", StringComparison.Ordinal));

        var result = await GradeAsync(Rollback, solution);

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.Contains("fix-and-break", failed);
        Assert.DoesNotContain("already-broken", failed);
        Assert.DoesNotContain("rolls-back-broken", failed);
    }

    [Fact]
    public async Task GradeAsync_RollbackThatAlwaysNudges_FailsEveryRollbackCheck()
    {
        var solution = RealLabs.Solution(Rollback, s => s.Replace("Nudge: false", "Nudge: true", StringComparison.Ordinal));

        var result = await GradeAsync(Rollback, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["rolls-back-broken", "only-new-errors", "fix-and-break"]), Describe(result));
        Assert.Contains("never nudge after a rollback", result.Checks.Single(c => c.Id == "rolls-back-broken").Message);
    }

    [Fact]
    public void RollbackChecks_EveryHiddenEdit_HasRoslynsOwnErrors()
    {
        var checks = JudgeType(Rollback, "Workbench.Labs.CodingAgent.RollbackChecks");
        var edits = (System.Collections.IEnumerable)checks.GetMethod("HiddenEdits")!.Invoke(null, null)!;

        var count = 0;
        foreach (var edit in edits.Cast<ValueTuple<string, string, string, string, (int, int, string, string)[], (int, int, string, string)[]>>())
        {
            var (name, path, before, after, errorsBefore, errorsAfter) = edit;
            Assert.Equal(RoslynErrors(path, before), errorsBefore);
            Assert.Equal(RoslynErrors(path, after), errorsAfter);
            output.WriteLine($"{name}: {errorsBefore.Length} → {errorsAfter.Length} error(s), as Roslyn reports");
            count++;
        }
        Assert.Equal(8, count);
    }

    [Fact]
    public async Task GradeAsync_QuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = Lab.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(Lab, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.Equal(8, quiz.Questions.Count);
    }

    /// <summary>Roslyn's syntax errors of a C# file (none for other files: no syntax check), 1-based, as the
    /// verify-on-edit harness reports them.</summary>
    private static (int, int, string, string)[] RoslynErrors(string path, string text) =>
        !path.EndsWith(".cs", StringComparison.Ordinal) ? [] :
        [.. CSharpSyntaxTree.ParseText(text).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d =>
        {
            var start = d.Location.GetLineSpan().StartLinePosition;
            return (start.Line + 1, start.Character + 1, d.Id, d.GetMessage());
        })];

    /// <summary>The hidden checks' type <paramref name="name"/>, from the judge assembly the grader compiles.</summary>
    private Type JudgeType(ExerciseDefinition exercise, string name)
    {
        var compiled = fixture.Compiler.Compile(RealLabs.Solution(exercise), exercise.HarnessFilePaths, exercise.ChecksFilePath!);
        Assert.NotNull(compiled.Checks?.Image);
        return Assembly.Load(compiled.Checks!.Image!).GetType(name, throwOnError: true)!;
    }

    private async Task<GradeResult> GradeAsync(ExerciseDefinition exercise, IReadOnlyDictionary<string, string> files)
    {
        var result = await fixture.Grader.GradeAsync(TestExercises.Submit(Lab, exercise, files), CancellationToken.None);
        output.WriteLine(Describe(result));
        return result;
    }

    private static string Describe(GradeResult result) =>
        result.Message + ": " + string.Join("; ", result.Checks.Select(c => $"{c.Id} {(c.Passed ? "passed" : "failed")} {c.Message}"));
}
