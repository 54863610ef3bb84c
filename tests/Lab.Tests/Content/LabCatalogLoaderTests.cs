using System.Text.RegularExpressions;
using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.Content;

/// <summary>Loading valid content: the repository's labs and the fixture under TestContent/valid.</summary>
public sealed class LabCatalogLoaderTests
{
    private static readonly IReadOnlyList<LabDefinition> Labs = LabCatalogLoader.Load(ContentTestPaths.Fixture("valid"), LabWidgets.Names);
    private static LabDefinition Intro => Labs.Single(l => l.Id == "intro");

    [Fact]
    public void Validate_RepositoryLabs_ReportsNoErrors()
    {
        var errors = LabCatalogLoader.Validate(ContentTestPaths.RealLabs, LabWidgets.Names);

        Assert.True(errors.Count == 0, "labs/ has content errors:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void Load_RepositoryLabs_HasLab01WithItsExercisesPlaced()
    {
        var lab = Assert.Single(LabCatalogLoader.Load(ContentTestPaths.RealLabs, LabWidgets.Names), l => l.Id == "01-chat-completions");

        Assert.Equal(["chat-request", "cut-the-reply", "quiz"], lab.Exercises.Select(e => e.Id));
        Assert.Equal(["cut-the-reply", "chat-request", "quiz"], lab.Blocks.OfType<ExerciseBlock>().Select(b => b.ExerciseId));
        Assert.Contains(lab.Blocks.OfType<WidgetBlock>(), w => w.Name == LabWidgets.WireInspector);
        Assert.Contains(lab.Blocks.OfType<WidgetBlock>(), w => w.Name == LabWidgets.ChatPlayground);
        Assert.All(lab.Sections, s => Assert.Contains($"id=\"{s.Anchor}\"", string.Concat(lab.Blocks.OfType<MarkdownBlock>().Select(b => b.Html))));
    }

    [Fact]
    public void Load_ValidFixture_OrdersLabsByOrderThenId()
    {
        Assert.Equal(["second", "intro"], Labs.Select(l => l.Id));
    }

    [Fact]
    public void Load_FrontMatter_MapsEveryField()
    {
        var lab = Intro;

        Assert.Equal("Introduction", lab.Title);
        Assert.Equal(1, lab.Order);
        Assert.Equal(20, lab.EstimatedMinutes);
        Assert.Equal("A fixture lab with every kind of block.", lab.Summary);
        Assert.Equal(["Read a lab", "Use widgets"], lab.Objectives);
        Assert.Empty(lab.Prerequisites);
        Assert.Equal(["intro"], Labs.Single(l => l.Id == "second").Prerequisites);
        Assert.Equal(Path.Combine(ContentTestPaths.Fixture("valid"), "intro"), lab.DirectoryPath);
        Assert.Equal(2 + 3 + 2 + 1 + 1 + 2 + 3, lab.MaxScore);
    }

    [Fact]
    public void Load_Body_SplitsBlocksInDocumentOrderWithFileLines()
    {
        var shape = Intro.Blocks.Select(b => b switch
        {
            MarkdownBlock m => $"markdown@{m.Line}",
            WidgetBlock w => $"widget:{w.Name}@{w.Line}",
            ExerciseBlock e => $"exercise:{e.ExerciseId}@{e.Line}",
            _ => "?",
        });

        Assert.Equal(
        [
            "markdown@14", "widget:wire-inspector@20", "markdown@26", "widget:chat-playground@27",
            "markdown@29", "exercise:hello-code@36", "markdown@38", "exercise:grammar-yes@41",
            "markdown@43", "exercise:basics-quiz@45",
        ], shape);
    }

    [Fact]
    public void Load_WidgetBlock_ReadsYamlOptionLines()
    {
        var widget = Intro.Blocks.OfType<WidgetBlock>().First();

        Assert.Equal(LabWidgets.WireInspector, widget.Name);
        Assert.Equal(new Dictionary<string, string>
        {
            ["system"] = "You are a helpful assistant.",
            ["user"] = "Tell me a story about a cat.",
            ["max_tokens"] = "48",
        }, widget.Options);
    }

    [Fact]
    public void Load_OneLineWidget_ReadsInlineOptions()
    {
        var widget = Intro.Blocks.OfType<WidgetBlock>().Last();

        Assert.Equal(LabWidgets.ChatPlayground, widget.Name);
        Assert.Equal(new Dictionary<string, string> { ["system"] = "Be brief.", ["max_tokens"] = "16" }, widget.Options);
    }

    [Fact]
    public void Load_Sections_AreLevel2And3HeadingsWithUniqueAutoIds()
    {
        Assert.Equal(
        [
            new LabSection("Messages and roles", "messages-and-roles", 2),
            new LabSection("Details inline", "details-inline", 3),
            new LabSection("Messages and roles", "messages-and-roles-1", 2),
            new LabSection("Quiz", "quiz", 2),
        ], Intro.Sections);
    }

    [Fact]
    public void Load_RenderedHtml_CarriesEverySectionAnchorAsHeadingId()
    {
        var html = string.Concat(Intro.Blocks.OfType<MarkdownBlock>().Select(b => b.Html));
        var headingIds = Regex.Matches(html, "<h[23] id=\"([^\"]+)\"").Select(m => m.Groups[1].Value);

        Assert.Equal(Intro.Sections.Select(s => s.Anchor), headingIds);
    }

    [Fact]
    public void Load_Markdown_RendersChunksWithSharedLinkReferencesAndLeavesFencedDirectivesAlone()
    {
        var blocks = Intro.Blocks.OfType<MarkdownBlock>().ToList();

        Assert.Contains("<a href=\"https://example.com/ref\">link</a>", blocks[0].Html);
        Assert.Contains("<em>intro</em>", blocks[0].Html);
        Assert.Contains(":::widget not-a-widget", blocks[2].Html);
        Assert.Contains("<li>a list item</li>", blocks[3].Html);
        Assert.DoesNotContain("<!--", string.Concat(blocks.Select(b => b.Html)));
    }

    [Fact]
    public void Load_CodeExercise_ReadsStartersChecksLimitsAndPaths()
    {
        var exercise = Intro.FindExercise("hello-code")!;
        var dir = Path.Combine(Intro.DirectoryPath, "exercises", "hello-code");

        Assert.Equal(ExerciseKind.Code, exercise.Kind);
        Assert.Equal("Say hello", exercise.Title);
        Assert.Contains("<code>&quot;hello&quot;</code>", exercise.InstructionsHtml);
        Assert.Contains("<strong>Solution.Hello</strong>", exercise.InstructionsHtml);
        Assert.Equal(dir, exercise.DirectoryPath);
        Assert.Equal(Path.Combine(dir, "checks", "Checks.cs"), exercise.ChecksFilePath);
        Assert.Equal(Path.Combine(dir, "solution"), exercise.SolutionDirectoryPath);
        Assert.Equal(["Solution.cs", "Helper.cs"], exercise.StarterFiles.Select(f => f.Name));
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "starter", "Solution.cs")), exercise.StarterFiles[0].Content);
        Assert.Equal(
        [
            new CheckDefinition("returns-hello", "Returns hello", 2),
            new CheckDefinition("twice", "Works twice", 3, Trials: 4, PassThreshold: 0.75),
        ], exercise.Checks);
        Assert.Equal(new SandboxLimits(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2.5), 128L * 1024 * 1024), exercise.Limits);
        Assert.Equal(5, exercise.MaxScore);
    }

    [Fact]
    public void Load_PropertyExercise_ReadsTargetAndEveryCheckField()
    {
        var exercise = Intro.FindExercise("grammar-yes")!;

        Assert.Equal(ExerciseKind.Property, exercise.Kind);
        Assert.Equal(PropertyTarget.Grammar, exercise.Target);
        Assert.Equal("<p>Write a GBNF grammar.</p>\n", exercise.InstructionsHtml);
        Assert.Equal("root ::= \"yes\" | \"no\"\n", Assert.Single(exercise.StarterFiles).Content);
        Assert.Null(exercise.ChecksFilePath);

        var first = exercise.Checks[0];
        Assert.Equal(("yes-or-no", "Answers yes or no", 2, 3, 0.5), (first.Id, first.Title, first.Points, first.Trials, first.PassThreshold));
        var p = first.Property!;
        Assert.Equal(("Is the sky blue?", "Answer briefly.", 8, 0.8f, "^(yes|no)$"), (p.UserPrompt, p.SystemPrompt, p.MaxTokens, p.Temperature, p.Regex));
        Assert.Equal([1, 2, 3], p.Seeds);

        var second = exercise.Checks[1];
        Assert.Equal((1, 2, 1.0), (second.Points, second.Trials, second.PassThreshold));
        var q = second.Property!;
        Assert.Equal([7, 11], q.Seeds);
        Assert.Equal((null, CheckParser.DefaultMaxTokens, 0f), (q.SystemPrompt, q.MaxTokens, q.Temperature));
        Assert.Equal(("once", "dragon", 20, "stop"), (q.Contains, q.NotContains, q.MaxCompletionTokens, q.FinishReason));
        Assert.Null(q.Regex);
    }

    [Fact]
    public void Load_QuizExercise_ReadsSingleMultipleAndNumericQuestions()
    {
        var quiz = Intro.FindExercise("basics-quiz")!;

        Assert.Equal(ExerciseKind.Quiz, quiz.Kind);
        Assert.Equal("", quiz.InstructionsHtml);
        Assert.Empty(quiz.StarterFiles);
        Assert.Empty(quiz.Checks);
        Assert.Equal(6, quiz.MaxScore);

        var single = quiz.Questions[0];
        Assert.Equal(("role", QuizQuestionKind.Single, 1), (single.Id, single.Kind, single.Points));
        Assert.Equal("<p>Which role holds <strong>standing instructions</strong>?</p>\n", single.PromptHtml);
        Assert.Equal(["user", "system", "assistant"], single.Options);
        Assert.Equal([1], single.CorrectChoices);
        Assert.Equal("<p>The <em>system</em> message.</p>\n", single.ExplanationHtml);

        var multiple = quiz.Questions[1];
        Assert.Equal((QuizQuestionKind.Multiple, 2), (multiple.Kind, multiple.Points));
        Assert.Equal([0, 1, 2], multiple.CorrectChoices);
        Assert.Null(multiple.ExplanationHtml);

        var numeric = quiz.Questions[2];
        Assert.Equal((QuizQuestionKind.Numeric, 3, 0.00105, 0.00001), (numeric.Kind, numeric.Points, numeric.Answer, numeric.Tolerance));
        Assert.Empty(numeric.Options);
        Assert.Empty(numeric.CorrectChoices);
    }

    [Fact]
    public void Load_EmptyLabsFolder_ReturnsNoLabs()
    {
        var root = Directory.CreateTempSubdirectory("wb-labs-").FullName;
        try
        {
            Assert.Empty(LabCatalogLoader.Load(root, LabWidgets.Names));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
