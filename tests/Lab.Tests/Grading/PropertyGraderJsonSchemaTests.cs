using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Grading;

/// <summary>The <c>json-schema</c> property target and the JSON expectations, graded by running stories260K (a story
/// model: every JSON it writes comes from the grammar) with fixed seeds.</summary>
[Collection(Stories260KGradingCollection.Name)]
public sealed class PropertyGraderJsonSchemaTests(Stories260KGradingFixture fixture)
{
    private const string PetSchema = """
        {
          "type": "object",
          "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 12 },
            "legs": { "type": "integer", "minimum": 0, "maximum": 8 },
            "indoor": { "type": "boolean" }
          },
          "required": ["name", "legs", "indoor"],
          "additionalProperties": false
        }
        """;

    private static readonly PropertyCheck PetCheck = new("Describe a pet.", "You answer with JSON.", 128, [1, 2, 3], Temperature: 1.0f,
        RequiredFields: [new("name", "string"), new("legs", "integer"), new("indoor", "boolean")]);

    [Fact]
    public async Task GradeAsync_BoundedSchema_EveryOutputValidatesAndHasTheFields()
    {
        var result = await GradeAsync(SchemaExercise(PetCheck), PetSchema);

        var check = Assert.Single(result.Checks);
        Assert.True(check.Passed, check.Message);
        Assert.Equal((3, 3), (check.TrialsPassed, check.Trials));
        Assert.Equal(GradeOutcome.Graded, result.Outcome);
    }

    [Fact]
    public async Task GradeAsync_HiddenSchemaStricterThanTheStudents_FailsNamingTheRule()
    {
        // The student's schema allows 0..8 legs; the exercise wants at least 10, so no output can pass.
        var check = PetCheck with
        {
            RequiredFields = null,
            ValidAgainst = """{ "type": "object", "properties": { "legs": { "type": "integer", "minimum": 10 } }, "required": ["legs"] }""",
        };

        var result = await GradeAsync(SchemaExercise(check), PetSchema);

        var failed = Assert.Single(result.Checks);
        Assert.False(failed.Passed);
        Assert.Equal(0, failed.TrialsPassed);
        Assert.StartsWith("seed 1: the output breaks a rule of the exercise: ", failed.Message);
        Assert.Contains("/legs", failed.Message);
    }

    [Fact]
    public async Task GradeAsync_OutputsValidateAgainstTheStudentsSchema()
    {
        // Whatever the grader accepted, the validator accepts too: the grammar and the validator agree on the schema.
        var result = await GradeAsync(SchemaExercise(PetCheck with { RequiredFields = null, ValidAgainst = PetSchema, Seeds = [4, 5, 6] }), PetSchema);

        Assert.True(Assert.Single(result.Checks).Passed, result.Checks[0].Message);
    }

    [Theory]
    [InlineData("{ \"type\": \"object\", ", "Your schema is not valid JSON: ")]
    [InlineData("[\"object\"]", "Your schema must be a JSON object")]
    public async Task GradeAsync_SchemaThatIsNotAJsonObject_FailsEveryCheckSayingSo(string schema, string expected)
    {
        var result = await GradeAsync(SchemaExercise(PetCheck, PetCheck with { Seeds = [9] }), schema);

        Assert.Equal(GradeOutcome.Graded, result.Outcome);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.StartsWith(expected, c.Message));
        Assert.StartsWith(expected, result.Message);
    }

    [Fact]
    public async Task GradeAsync_UnsupportedKeyword_FailsEveryCheckNamingTheKeyword()
    {
        var schema = PetSchema.Replace("\"minLength\": 1,", "\"pattern\": \"^[A-Z]\",");

        var result = await GradeAsync(SchemaExercise(PetCheck), schema);

        var check = Assert.Single(result.Checks);
        Assert.False(check.Passed);
        Assert.StartsWith("Your schema was rejected: ", check.Message);
        Assert.Contains("pattern", check.Message);
        Assert.Contains("/properties/name", check.Message);
    }

    [Fact]
    public async Task GradeAsync_GrammarTargetWithValidAgainst_ValidatesTheOutputs()
    {
        var exercise = SchemaExercise(new PropertyCheck("Count.", null, 16, [1, 2, 3],
            ValidAgainst: """{ "type": "object", "properties": { "n": { "type": "integer", "maximum": 5 } }, "required": ["n"] }""")) with
        {
            Target = PropertyTarget.Grammar,
            StarterFiles = [new StarterFile("count.gbnf", "")],
        };

        var small = await GradeAsync(exercise, """root ::= "{\"n\": " [0-5] "}" """, "count.gbnf");
        var large = await GradeAsync(exercise, """root ::= "{\"n\": " [6-9] "}" """, "count.gbnf");

        Assert.True(small.Checks[0].Passed, small.Checks[0].Message);
        Assert.False(large.Checks[0].Passed);
        Assert.StartsWith("seed 1: the output breaks a rule of the exercise: ", large.Checks[0].Message);
        Assert.Contains("/n", large.Checks[0].Message);
    }

    private Task<GradeResult> GradeAsync(ExerciseDefinition exercise, string content, string file = "pet.schema.json") =>
        fixture.Grader.GradeAsync(TestExercises.Submit(TestExercises.LabOf(exercise), exercise,
            new Dictionary<string, string> { [file] = content }), CancellationToken.None);

    private static ExerciseDefinition SchemaExercise(params PropertyCheck[] checks) => new()
    {
        Id = "pet",
        Title = "A pet as JSON",
        Kind = ExerciseKind.Property,
        Target = PropertyTarget.JsonSchema,
        InstructionsHtml = "",
        DirectoryPath = Path.GetTempPath(),
        StarterFiles = [new StarterFile("pet.schema.json", "{}")],
        Checks = [.. checks.Select((c, i) => new CheckDefinition($"check-{i + 1}", $"Check {i + 1}", 1, Trials: c.Seeds.Count, Property: c))],
    };
}
