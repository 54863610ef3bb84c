using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

public sealed class JsonSchemaValidatorTests
{
    private static IReadOnlyList<JsonSchemaError> Validate(string schema, string json) =>
        JsonSchemaValidator.Validate(SchemaSuite.Parse(schema), json);

    [Theory]
    [InlineData("""{"name":"Oslo","country":"Norway","latitude":59.91,"longitude":10.75}""")]
    [InlineData("""{"name":"","country":"","latitude":-90,"longitude":180.0}""")]
    [InlineData(""" { "country":"Chile", "name":"Punta Arenas", "longitude":-70.9, "latitude":-53.16 } """)]
    public void Validate_ValidLocation_ReturnsNoErrors(string json) =>
        Assert.Empty(Validate(SchemaSuite.Location, json));

    [Theory]
    [InlineData("""{"name":"Oslo","country":"Norway","latitude":91,"longitude":10}""", "/latitude", "maximum")]
    [InlineData("""{"name":"Oslo","country":"Norway","latitude":0,"longitude":-180.5}""", "/longitude", "minimum")]
    [InlineData("""{"name":"Oslo","country":"Norway","latitude":0}""", "", "required")]
    [InlineData("""{"name":"Oslo","country":"Norway","latitude":0,"longitude":0,"population":700000}""", "/population", "additionalProperties")]
    [InlineData("""{"name":42,"country":"Norway","latitude":0,"longitude":0}""", "/name", "type")]
    [InlineData("""{"name":"Oslo","country":"Norway","latitude":"59.9","longitude":0}""", "/latitude", "type")]
    [InlineData("""["Oslo"]""", "", "type")]
    [InlineData("""{"name":"Oslo",""", "", "json")]
    [InlineData("Once upon a time", "", "json")]
    public void Validate_InvalidLocation_ReportsPathAndKeyword(string json, string path, string keyword)
    {
        var errors = Validate(SchemaSuite.Location, json);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.InstancePath);
        Assert.Equal(keyword, error.Keyword);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("""{"type":"integer"}""", "3", true)]
    [InlineData("""{"type":"integer"}""", "3.0", true)]
    [InlineData("""{"type":"integer"}""", "3.5", false)]
    [InlineData("""{"type":"integer","exclusiveMinimum":-3,"exclusiveMaximum":3}""", "-3", false)]
    [InlineData("""{"type":"integer","exclusiveMinimum":-3,"exclusiveMaximum":3}""", "2", true)]
    [InlineData("""{"type":"number","minimum":0,"exclusiveMinimum":true}""", "0", false)]
    [InlineData("""{"type":"number","minimum":0,"exclusiveMinimum":true}""", "0.001", true)]
    [InlineData("""{"type":"string","minLength":2,"maxLength":3}""", "\"ab\"", true)]
    [InlineData("""{"type":"string","minLength":2,"maxLength":3}""", "\"a\"", false)]
    [InlineData("""{"type":"string","minLength":2,"maxLength":3}""", "\"😀😀😀\"", true)] // code points, not UTF-16 units
    [InlineData("""{"type":"string","minLength":2,"maxLength":3}""", "\"abcd\"", false)]
    [InlineData("""{"maxLength":2}""", "12345", true)] // string keywords ignore numbers
    [InlineData("""{"type":"string","format":"date"}""", "\"2024-02-29\"", true)]
    [InlineData("""{"type":"string","format":"date"}""", "\"2023-02-29\"", false)]
    [InlineData("""{"type":"string","format":"date"}""", "\"2023-13-01\"", false)]
    [InlineData("""{"type":"string","format":"date-time"}""", "\"2023-06-01T12:30:00.25+02:00\"", true)]
    [InlineData("""{"type":"string","format":"date-time"}""", "\"2023-06-01 12:30:00Z\"", false)]
    [InlineData("""{"type":"string","format":"date-time"}""", "\"2023-06-01T24:00:00Z\"", false)]
    [InlineData("""{"type":"string","format":"uuid"}""", "\"123e4567-e89b-12d3-a456-426614174000\"", true)]
    [InlineData("""{"type":"string","format":"uuid"}""", "\"123e4567e89b12d3a456426614174000\"", false)]
    [InlineData("""{"type":["string","null"]}""", "null", true)]
    [InlineData("""{"type":["string","null"]}""", "false", false)]
    [InlineData("""{"enum":[1,"two",{"a":[1]}]}""", "1.0", true)]
    [InlineData("""{"enum":[1,"two",{"a":[1]}]}""", "{ \"a\" : [ 1 ] }", true)]
    [InlineData("""{"enum":[1,"two",{"a":[1]}]}""", "\"1\"", false)]
    [InlineData("""{"const":{"x":1,"y":2}}""", "{\"y\":2,\"x\":1}", true)]
    [InlineData("""{"const":{"x":1,"y":2}}""", "{\"x\":1}", false)]
    [InlineData("""{"type":"array","items":{"type":"boolean"},"minItems":1,"maxItems":2}""", "[true]", true)]
    [InlineData("""{"type":"array","items":{"type":"boolean"},"minItems":1,"maxItems":2}""", "[]", false)]
    [InlineData("""{"type":"array","items":{"type":"boolean"},"minItems":1,"maxItems":2}""", "[true,false,true]", false)]
    [InlineData("""{"type":"array","items":{"type":"boolean"},"minItems":1,"maxItems":2}""", "[1]", false)]
    [InlineData("""{"anyOf":[{"type":"integer"},{"type":"string"}]}""", "\"x\"", true)]
    [InlineData("""{"anyOf":[{"type":"integer"},{"type":"string"}]}""", "null", false)]
    [InlineData("""{"oneOf":[{"type":"integer"},{"type":"number"}]}""", "1.5", true)]
    [InlineData("""{"oneOf":[{"type":"integer"},{"type":"number"}]}""", "1", false)] // matches both
    [InlineData("""{"type":"object","properties":{"a":{"type":"integer"}}}""", "{\"a\":1,\"b\":\"free\"}", true)] // absent additionalProperties = allowed
    [InlineData("""{"type":"object","additionalProperties":{"type":"boolean"}}""", "{\"b\":\"no\"}", false)]
    [InlineData("""{"type":"object","required":["x"]}""", "{\"x\":null}", true)]
    [InlineData("true", "[1,{}]", true)]
    [InlineData("""{"maximum":1e300}""", "1e299", true)] // bounds beyond decimal's range compare by value
    [InlineData("""{"exclusiveMaximum":1e300}""", "1e299", true)]
    [InlineData("""{"minimum":-1e300}""", "-1e299", true)]
    [InlineData("""{"maximum":1e300}""", "1e301", false)]
    [InlineData("""{"minimum":5,"exclusiveMinimum":true}""", "5", false)] // draft-04 boolean form
    [InlineData("""{"minimum":5,"exclusiveMinimum":true}""", "5.5", true)]
    [InlineData("false", "1", false)]
    public void Validate_Document_AcceptsExactlyTheValidOnes(string schema, string json, bool valid)
    {
        var errors = Validate(schema, json);

        Assert.True(valid == (errors.Count == 0), $"{json}: {string.Join("; ", errors.Select(e => e.Message))}");
    }

    [Fact]
    public void Validate_RecursiveRef_ChecksEveryLevel()
    {
        string schema = SchemaSuite.Schemas["recursive-ref"];

        Assert.Empty(Validate(schema, """{"value":1,"next":{"value":2,"next":null}}"""));
        var error = Assert.Single(Validate(schema, """{"value":1,"next":{"value":2,"next":{"value":10,"next":null}}}"""));
        Assert.Equal("/next", error.InstancePath); // the anyOf at /next fails because of /next/next/value
        Assert.Equal("anyOf", error.Keyword);
    }

    [Fact]
    public void Validate_SeveralViolations_ReportsEachWithItsPath()
    {
        var errors = Validate(SchemaSuite.Schemas["nested"], """{"title":"A","year":1200,"genres":["fantasy","cooking"],"author":{"first":"X"}}""");

        Assert.Equal(["/year", "/genres/1", "/author"], errors.Select(e => e.InstancePath));
        Assert.Equal(["minimum", "enum", "required"], errors.Select(e => e.Keyword));
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"a"}""", "pattern")]
    [InlineData("""{"anyOf":[{"type":"string"},{"type":"string","format":"email"}]}""", "format")]
    public void Validate_UnsupportedKeywordAnywhere_Throws(string schema, string keyword)
    {
        var error = Assert.Throws<JsonSchemaException>(() => Validate(schema, "\"a\""));

        Assert.Equal(keyword, error.Keyword);
    }
}
