using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.Content;

/// <summary>The JSON expectations of property checks (<c>valid_against</c>, <c>required_fields</c>) and the
/// <c>json-schema</c> target, as the content loader reads them.</summary>
public sealed class PropertyCheckJsonExpectationsTests
{
    private const string SchemaExercise = """
        id: s
        title: S
        kind: property
        target: json-schema
        instructions: Write a schema.
        starter: [s.schema.json]
        checks:
          - id: fields
            title: Has the fields
            prompt: Describe a book.
            required_fields: { title: string, year: integer, tags: [] }
          - id: names
            title: Names only
            prompt: Describe a book.
            required_fields: [title, author]
          - id: reference
            title: Matches the reference
            prompt: Describe a book.
            valid_against: checks/book.schema.json
        """;

    [Fact]
    public void Load_JsonSchemaExercise_ReadsTheTargetFieldsAndTheHiddenSchema()
    {
        using var labs = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "s")),
            ("l/exercises/s/exercise.yaml", SchemaExercise.Replace("tags: []", "tags: array")),
            ("l/exercises/s/starter/s.schema.json", "{}"),
            ("l/exercises/s/checks/book.schema.json", """{ "type": "object", "required": ["title"] }"""));

        var exercise = LabCatalogLoader.Load(labs.Root, LabWidgets.Names)[0].FindExercise("s")!;

        Assert.Equal(PropertyTarget.JsonSchema, exercise.Target);
        Assert.Equal([new("title", "string"), new("year", "integer"), new("tags", "array")], exercise.Checks[0].Property!.RequiredFields!);
        Assert.Equal([new("title"), new("author")], exercise.Checks[1].Property!.RequiredFields!);
        Assert.Equal("""{ "type": "object", "required": ["title"] }""", exercise.Checks[2].Property!.ValidAgainst);
        Assert.Null(exercise.Checks[0].Property!.ValidAgainst);
    }

    [Theory]
    [InlineData("json-schema", 0)]
    [InlineData("grammar", 1)]
    public void Validate_CheckWithNoExpectation_IsAllowedOnlyForJsonSchema(string target, int errorCount)
    {
        using var labs = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "s")),
            ("l/exercises/s/exercise.yaml", $"""
                id: s
                title: S
                kind: property
                target: {target}
                instructions: Write it.
                starter: [s.txt]
                checks:
                  - id: valid
                    title: Validates
                    prompt: Describe a book.
                """),
            ("l/exercises/s/starter/s.txt", "{}"));

        var errors = LabCatalogLoader.Validate(labs.Root, LabWidgets.Names);

        Assert.Equal(errorCount, errors.Count);
        Assert.All(errors, e => Assert.Contains("a property check needs at least one expectation", e.Message));
    }

    [Fact]
    public void Validate_JsonExpectationMistakes_ReportsEachAtItsLine()
    {
        using var labs = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "s", "t")),
            ("l/exercises/s/exercise.yaml", SchemaExercise.Replace("tags: []", "tags: list")),
            ("l/exercises/s/starter/s.schema.json", "{}"),
            ("l/exercises/t/exercise.yaml", SchemaExercise.Replace("id: s", "id: t").Replace("required_fields: [title, author]", "required_fields: title")
                .Replace("tags: []", "tags: array")),
            ("l/exercises/t/starter/s.schema.json", "{}"),
            ("l/exercises/t/checks/book.schema.json", "{ \"type\": "));

        var errors = LabCatalogLoader.Validate(labs.Root, LabWidgets.Names).Select(e => e.ToString()).ToList();

        Assert.Equal(4, errors.Count);
        Assert.StartsWith("l/exercises/s/exercise.yaml:11: required_fields: 'tags' has unknown type 'list' (known: string, number, integer", errors[0]);
        Assert.StartsWith("l/exercises/s/exercise.yaml:19: valid_against file 'checks/book.schema.json' not found in the exercise folder", errors[1]);
        Assert.StartsWith("l/exercises/t/exercise.yaml:15: required_fields must be a list of names or a mapping of name to JSON type", errors[2]);
        Assert.StartsWith("l/exercises/t/exercise.yaml:19: valid_against file 'checks/book.schema.json' is not valid JSON", errors[3]);
    }

    [Fact]
    public void Validate_ValidAgainstOutsideTheExercise_IsReported()
    {
        using var labs = new TempLabs(
            ("l/lab.md", TempLabs.FrontMatter("l", "s")),
            ("l/exercises/s/exercise.yaml", SchemaExercise.Replace("tags: []", "tags: array").Replace("checks/book.schema.json", "../../lab.md")),
            ("l/exercises/s/starter/s.schema.json", "{}"));

        var error = Assert.Single(LabCatalogLoader.Validate(labs.Root, LabWidgets.Names));

        Assert.Equal("l/exercises/s/exercise.yaml:19: valid_against '../../lab.md' must be a path inside the exercise folder", error.ToString());
    }
}
