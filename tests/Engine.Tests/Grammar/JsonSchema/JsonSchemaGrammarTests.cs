using Workbench.Engine.Grammar;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

public sealed class JsonSchemaGrammarTests(VocabularyFixture vocabulary) : IClassFixture<VocabularyFixture>
{
    [Theory]
    [MemberData(nameof(SchemaSuite.Names), MemberType = typeof(SchemaSuite))]
    public void ToGbnf_SuiteSchema_LlamaCppAcceptsGrammar(string name)
    {
        string gbnf = JsonSchemaGrammar.ToGbnf(SchemaSuite.Get(name));

        Assert.StartsWith("root ::= ", gbnf, StringComparison.Ordinal);
        GbnfGrammar.Validate(gbnf, vocabulary.Model); // throws GrammarException when llama.cpp rejects it
    }

    [Fact]
    public void JsonObjectGbnf_Always_LlamaCppAcceptsGrammar()
    {
        GbnfGrammar.Validate(JsonSchemaGrammar.JsonObjectGbnf, vocabulary.Model);
        Assert.StartsWith("root ::= object", JsonSchemaGrammar.JsonObjectGbnf, StringComparison.Ordinal);
    }

    [Fact]
    public void ToGbnf_Location_WritesPropertiesInDeclaredOrderWithBoundedWhitespace()
    {
        string gbnf = JsonSchemaGrammar.ToGbnf(SchemaSuite.Get("location"));

        int name = gbnf.IndexOf("name-kv", StringComparison.Ordinal), country = gbnf.IndexOf("country-kv", StringComparison.Ordinal);
        int latitude = gbnf.IndexOf("latitude-kv", StringComparison.Ordinal), longitude = gbnf.IndexOf("longitude-kv", StringComparison.Ordinal);
        Assert.True(name < country && country < latitude && latitude < longitude, gbnf);
        Assert.Contains("space ::= | \" \" | \"\\n\" [ \\t]{0,20}", gbnf, StringComparison.Ordinal);
        Assert.DoesNotContain("[eE]", gbnf, StringComparison.Ordinal); // bounded numbers are written without exponent
    }

    [Fact]
    public void ToGbnf_TrueSchema_AllowsAnyValue()
    {
        string gbnf = JsonSchemaGrammar.ToGbnf(SchemaSuite.Parse("true"));

        Assert.StartsWith("root ::= value\n", gbnf, StringComparison.Ordinal);
        GbnfGrammar.Validate(gbnf, vocabulary.Model);
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"^a+$"}""", "pattern", "/pattern")]
    [InlineData("""{"type":"object","properties":{"name":{"type":"string","pattern":"x"}}}""", "pattern", "/properties/name/pattern")]
    [InlineData("""{"allOf":[{"type":"string"}]}""", "allOf", "/allOf")]
    [InlineData("""{"type":"array","prefixItems":[{"type":"string"}]}""", "prefixItems", "/prefixItems")]
    [InlineData("""{"type":"array","items":{"type":"string"},"uniqueItems":true}""", "uniqueItems", "/uniqueItems")]
    [InlineData("""{"type":"object","minProperties":1}""", "minProperties", "/minProperties")]
    [InlineData("""{"type":"string","format":"email"}""", "format", "/format")]
    [InlineData("""{"type":"array","items":[{"type":"string"}]}""", "items", "/items")]
    [InlineData("""{"$defs":{"a":{"type":"string","not":{}}},"$ref":"#/$defs/a"}""", "not", "/$defs/a/not")]
    [InlineData("""{"$ref":"https://example.com/schema.json"}""", "$ref", "/$ref")]
    [InlineData("""{"type":"number","minimum":0.5}""", "minimum", "/minimum")]
    [InlineData("""{"type":"number","exclusiveMaximum":2.25}""", "exclusiveMaximum", "/exclusiveMaximum")]
    [InlineData("""{"$ref":"#/$defs/a","minLength":2,"$defs":{"a":{"type":"string"}}}""", "minLength", "/minLength")]
    public void ToGbnf_UnsupportedKeyword_ThrowsNamingKeywordAndPath(string schema, string keyword, string path)
    {
        var error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf(SchemaSuite.Parse(schema)));

        Assert.Equal(keyword, error.Keyword);
        Assert.Equal(path, error.Path);
        Assert.Contains(keyword, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"text"}""")]
    [InlineData("""{"type":"string","minLength":5,"maxLength":2}""")]
    [InlineData("""{"type":"integer","minimum":5,"maximum":2}""")]
    [InlineData("""{"type":"integer","minimum":1.2,"maximum":1.8}""")]
    [InlineData("""{"type":"number","exclusiveMinimum":3,"exclusiveMaximum":3}""")]
    [InlineData("""{"$ref":"#/$defs/missing"}""")]
    [InlineData("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"anyOf":[{"$ref":"#/$defs/a"}]}},"$ref":"#/$defs/a"}""")]
    [InlineData("""{"type":"string","enum":[1,2]}""")]
    [InlineData("""{"type":"object","required":["x"],"additionalProperties":false}""")]
    [InlineData("""{"type":"string","format":"date","maxLength":8}""")]
    [InlineData("""{"type":"integer","exclusiveMinimum":1e30}""")] // beyond decimal: was an OverflowException
    [InlineData("""{"type":"integer","exclusiveMaximum":-1e30}""")]
    [InlineData("false")]
    [InlineData("[]")]
    public void ToGbnf_MalformedOrUnsatisfiableSchema_Throws(string schema)
    {
        var error = Assert.Throws<JsonSchemaException>(() => JsonSchemaGrammar.ToGbnf(SchemaSuite.Parse(schema)));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void ToGbnf_DeclaredNamesWithEscapesAndAdditionalProperties_LlamaCppAcceptsGrammar()
    {
        const string schema = """{"type":"object","properties":{"a\"b":{"type":"integer"},"é-x]":{"type":"string"},"ab":{"type":"boolean"}},"additionalProperties":true}""";

        GbnfGrammar.Validate(JsonSchemaGrammar.ToGbnf(SchemaSuite.Parse(schema)), vocabulary.Model);
    }
}
