using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Lab 03's exercises as the content loader reads them from the repository's <c>labs/</c>, graded on the
/// real compiler, sandbox and engine (the "real-stream" check streams a chat completion through the gateway).</summary>
[Collection(GradingCollection.Name)]
public sealed class Lab03GradingTests(GradingFixture fixture)
{
    private const string LabId = "03-token-streaming";

    private static LabDefinition Lab => RealLabs.Get(LabId);

    private static ExerciseDefinition SseParser => Lab.FindExercise("sse-parser")!;

    [Fact]
    public void Validate_Lab03_HasNoErrorsAndEmbedsTheStreamWidget()
    {
        var errors = LabCatalogLoader.Validate(RealLabs.ContentDirectory, LabWidgets.Names);

        Assert.DoesNotContain(errors, e => e.File.StartsWith(LabId + "/", StringComparison.Ordinal));
        Assert.Equal(["sse-parser", "quiz"], Lab.Exercises.Select(e => e.Id));
        Assert.Equal([ExerciseKind.Code, ExerciseKind.Quiz], Lab.Exercises.Select(e => e.Kind));
        Assert.Equal([LabWidgets.StreamCompare], Lab.Blocks.OfType<WidgetBlock>().Select(w => w.Name));
        Assert.Equal(["sse-parser", "quiz"], Lab.Blocks.OfType<ExerciseBlock>().Select(b => b.ExerciseId));
    }

    [Fact]
    public async Task GradeAsync_SseParserReference_PassesEveryCheck()
    {
        var result = await GradeAsync(RealLabs.Solution(SseParser));

        RealLabs.AssertGraded(result);
        Assert.All(result.Checks, c => Assert.True(c.Passed, $"{c.Id}: {c.Message}"));
        Assert.All(result.Checks, c => Assert.Equal(c.Trials, c.TrialsPassed));
        Assert.Equal(SseParser.MaxScore, result.Score);
        Assert.Equal(8, result.Checks.Count);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_SseParserStarter_FailsEveryCheckNamingTheTodo()
    {
        var starter = RealLabs.Starter(SseParser);

        var result = await GradeAsync(starter);

        RealLabs.AssertEveryCheckFailsAtTheTodo(result, starter);
    }

    [Fact]
    public async Task GradeAsync_ParserThatDecodesEachChunk_FailsTheUtf8Check()
    {
        // A common bug: decode every chunk to a string as it arrives, then split the text into lines.
        var solution = RealLabs.Solution(SseParser, s =>
        {
            var start = s.IndexOf("    public void Feed(", StringComparison.Ordinal);
            var end = s.IndexOf("    private void ReadLine(", StringComparison.Ordinal);
            return s[..start] + """
                    private readonly StringBuilder _text = new();

                    public void Feed(ReadOnlySpan<byte> chunk)
                    {
                        _text.Append(Encoding.UTF8.GetString(chunk));
                        int newline;
                        while (!IsDone && (newline = _text.ToString().IndexOf('\n')) >= 0)
                        {
                            var line = _text.ToString(0, newline).TrimEnd('\r');
                            _text.Remove(0, newline + 1);
                            ReadLine(line);
                        }
                    }


                """ + s[end..];
        });

        var result = await GradeAsync(solution);

        RealLabs.AssertGraded(result);
        var utf8 = Assert.Single(result.Checks, c => c.Id == "split-utf8");
        Assert.False(utf8.Passed);
        Assert.Contains("\uFFFD", utf8.Message);
        Assert.All(result.Checks.Where(c => c.Id is "whole-stream" or "split-lines" or "multi-line-data" or "comments-and-fields" or "stops-at-done" or "finish-reason"),
            c => Assert.True(c.Passed, $"{c.Id}: {c.Message}"));
    }

    [Fact]
    public async Task GradeAsync_ParserThatReadsPastDone_FailsOnlyTheDoneCheck()
    {
        var solution = RealLabs.Solution(SseParser, s => s.Replace("if (IsDone) return;", ""));

        var result = await GradeAsync(solution);

        var failed = result.Checks.Where(c => !c.Passed).ToList();
        Assert.True(failed.Count == 1, string.Join("; ", failed.Select(c => $"{c.Id}: {c.Message}")));
        Assert.Equal("stops-at-done", failed[0].Id);
        Assert.Contains("ignore every byte fed after [DONE]", failed[0].Message);
    }

    [Fact]
    public async Task GradeAsync_QuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = Lab.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(Lab, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.Equal(5, quiz.Questions.Count);
    }

    [Fact]
    public void Quiz_NumericAnswers_MatchTheTimingArithmetic()
    {
        var quiz = Lab.FindExercise("quiz")!;
        // 41 tokens, the first at 180 ms and the last at 980 ms: 40 gaps in 800 ms.
        const double first = 180, last = 980, tokens = 41;
        var interTokenMs = (last - first) / (tokens - 1);

        Assert.Equal(interTokenMs, quiz.Questions.Single(q => q.Id == "inter-token-latency").Answer);
        Assert.Equal(1000 / interTokenMs, quiz.Questions.Single(q => q.Id == "tokens-per-second").Answer);
    }

    private Task<GradeResult> GradeAsync(IReadOnlyDictionary<string, string> files) =>
        fixture.Grader.GradeAsync(TestExercises.Submit(Lab, SseParser, files), CancellationToken.None);
}
