using System.Text.Json;
using Workbench.Engine.Inference;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Property;

namespace Workbench.Lab.Tests.Grading;

/// <summary>The JSON expectations of property checks on given completions (no model): <c>required_fields</c> with
/// types, not-JSON and cut-off outputs, <c>valid_against</c> and the student's schema.</summary>
public sealed class PropertyGraderJsonTests
{
    private static readonly PropertyCheck Fields = new("Describe a book.", null, 64, [1],
        RequiredFields: [new("title", "string"), new("year", "integer"), new("score", "number"), new("tags")]);

    [Theory]
    [InlineData("""{"title": "Moby", "year": 1851, "score": 4, "tags": null}""")]
    [InlineData(""" { "tags": [], "score": 4.5, "year": 1.851e3, "title": "" } """)]
    public void Evaluate_ObjectWithTheFieldsAndTypes_Passes(string completion) =>
        Assert.Null(PropertyGrader.Evaluate(Fields, completion, FinishReason.Stop, 20));

    [Theory]
    [InlineData("""{"title": "Moby", "score": 4, "tags": 1}""", "the output has no \"year\" member: ")]
    [InlineData("""{"title": "Moby", "year": 1851.5, "score": 4, "tags": 1}""", "\"year\" is a JSON number; expected an integer: ")]
    [InlineData("""{"title": 7, "year": 1851, "score": 4, "tags": 1}""", "\"title\" is a JSON number; expected a string: ")]
    [InlineData("""{"title": "M", "year": 1851, "score": "4", "tags": 1}""", "\"score\" is a JSON string; expected a number: ")]
    [InlineData("""["title"]""", "the output is a JSON array, not an object: ")]
    [InlineData("""Once upon a time""", "the output is not valid JSON: \"Once upon a time\"")]
    public void Evaluate_MissingOrMistypedField_SaysWhich(string completion, string expected)
    {
        var failure = PropertyGrader.Evaluate(Fields, completion, FinishReason.Stop, 20);

        Assert.NotNull(failure);
        Assert.StartsWith(expected, failure);
    }

    [Fact]
    public void Evaluate_JsonCutOffAtMaxTokens_SaysToBoundStrings()
    {
        var failure = PropertyGrader.Evaluate(Fields, """{"title": "Once upon a time there was""", FinishReason.Length, 64);

        Assert.StartsWith("the output was cut off at max_tokens before its JSON ended (bound strings with maxLength", failure);
    }

    [Fact]
    public void Evaluate_NoJsonExpectation_DoesNotParseTheCompletion() =>
        Assert.Null(PropertyGrader.Evaluate(new PropertyCheck("Hi", null, 8, [1], Contains: "cat"), "a cat {", FinishReason.Stop, 3));

    [Fact]
    public void Evaluate_BreaksTheHiddenSchema_NamesTheInstancePath()
    {
        var check = new PropertyCheck("Describe a book.", null, 64, [1],
            ValidAgainst: """{ "type": "object", "properties": { "year": { "type": "integer", "maximum": 2030 } }, "required": ["year"] }""");

        var failure = PropertyGrader.Evaluate(check, """{"year": 2100}""", FinishReason.Stop, 9);

        Assert.NotNull(failure);
        Assert.StartsWith("the output breaks a rule of the exercise: ", failure);
        Assert.Contains("/year", failure);
        Assert.Null(PropertyGrader.Evaluate(check, """{"year": 2000}""", FinishReason.Stop, 9));
    }

    [Fact]
    public void Evaluate_BreaksTheStudentsSchema_SaysItIsTheirs()
    {
        using var schema = JsonDocument.Parse("""{ "type": "object", "properties": { "n": { "type": "integer" } }, "required": ["n"] }""");
        var check = new PropertyCheck("Count.", null, 16, [1], RequiredFields: [new("n")]);

        var failure = PropertyGrader.Evaluate(check, """{"m": 1}""", FinishReason.Stop, 5, schema.RootElement);

        Assert.NotNull(failure);
        Assert.StartsWith("the output does not validate against your schema: ", failure);
    }
}
