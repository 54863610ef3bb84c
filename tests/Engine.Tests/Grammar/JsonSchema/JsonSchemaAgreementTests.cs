using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

/// <summary>The converter and the validator agree: llama.cpp's own grammar sampler is asked whether the converted
/// grammar can write a text (<see cref="GrammarAcceptance"/>), and whatever it can write must validate. Each row
/// also states whether the grammar should write it (the grammar writes a subset of the valid documents).</summary>
public sealed class JsonSchemaAgreementTests(VocabularyFixture vocabulary) : IClassFixture<VocabularyFixture>
{
    [Theory]
    [InlineData("""{"type":"integer","minimum":-5,"maximum":5}""", "-5", true)]
    [InlineData("""{"type":"integer","minimum":-5,"maximum":5}""", "-6", false)]
    [InlineData("""{"type":"integer","exclusiveMaximum":-2.5}""", "-3", true)]
    [InlineData("""{"type":"integer","exclusiveMaximum":-2.5}""", "-2", false)]
    [InlineData("""{"type":"number","exclusiveMinimum":-5,"exclusiveMaximum":-2}""", "-4.999", true)]
    [InlineData("""{"type":"number","exclusiveMinimum":-5,"exclusiveMaximum":-2}""", "-5.0", false)]
    [InlineData("""{"type":"number","exclusiveMinimum":-5,"exclusiveMaximum":-2}""", "-2", false)]
    [InlineData("""{"type":"number","maximum":0}""", "0.0", true)]
    [InlineData("""{"type":"number","maximum":0}""", "-0", false)] // valid, but the grammar never writes -0
    [InlineData("""{"type":["string","null"],"minLength":2,"maxLength":3}""", "null", true)]
    [InlineData("""{"type":["string","null"],"minLength":2,"maxLength":3}""", "\"\\u00e9b\"", true)] // an escape is one character
    [InlineData("""{"type":["string","null"],"minLength":2,"maxLength":3}""", "\"a\"", false)]
    [InlineData("""{"type":"string","format":"date-time"}""", "\"2024-02-28T23:59:59.123456+23:59\"", true)]
    [InlineData("""{"type":"string","format":"date-time"}""", "\"2024-02-28T23:59:59Z\"", true)]
    [InlineData("""{"type":"string","format":"date"}""", "\"0000-02-28\"", true)]
    [InlineData("""{"type":"string","format":"uuid"}""", "\"0000aaaa-BBBB-1234-5678-9abcdef01234\"", true)]
    [InlineData("""{"type":"object","properties":{"a\"b":{"type":"integer"},"c\\d":{"const":1},"é/x":{"type":"null"}},"required":["a\"b","c\\d","é/x"],"additionalProperties":false}""", "{\"a\\\"b\":1,\"c\\\\d\":1,\"é/x\":null}", true)]
    [InlineData("""{"enum":[1.50,-0,1e2,null,{"a":[true]}]}""", "1.50", true)]
    [InlineData("""{"enum":[1.50,-0,1e2,null,{"a":[true]}]}""", "1e2", true)]
    [InlineData("""{"enum":[1.50,-0,1e2,null,{"a":[true]}]}""", "{\"a\":[true]}", true)]
    [InlineData("""{"enum":["😀","a\nb"]}""", "\"😀\"", true)] // was only "\uD83D\uDE00": .NET's encoder escapes non-BMP characters
    [InlineData("""{"enum":["😀","a\nb"]}""", "\"a\\nb\"", true)]
    [InlineData("""{"type":"object","properties":{"😀":{"const":1}},"required":["😀"],"additionalProperties":false}""", "{\"😀\":1}", true)]
    [InlineData("""{"type":"object","required":["x"]}""", "{\"x\":[1]}", true)]
    [InlineData("""{"type":"object","properties":{"a":{"type":"integer"}},"required":["x"]}""", "{\"a\":1,\"x\":[1]}", true)]
    [InlineData("""{"type":"array","minItems":18}""", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", true)] // minItems above the 16-item cap
    [InlineData("""{"type":"array","minItems":18}""", "[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]", false)]
    [InlineData("""{"anyOf":[{"type":"integer","maximum":3},{"type":"string","maxLength":1},{"enum":[[1]]}]}""", "[1]", true)]
    [InlineData("""{"anyOf":[{"type":"integer","maximum":3},{"type":"string","maxLength":1},{"enum":[[1]]}]}""", "4", false)]
    [InlineData("""{"$defs":{"t":{"type":"array","items":{"$ref":"#/$defs/t"},"maxItems":2}},"$ref":"#/$defs/t"}""", "[[],[[]]]", true)]
    [InlineData("""{"type":"object","properties":{"id":{"type":"integer"}},"additionalProperties":{"type":"integer"}}""", "{\"id\":1,\"idx\":2}", true)]
    [InlineData("""{"type":"object","properties":{"id":{"type":"integer"}},"additionalProperties":{"type":"integer"}}""", "{\"id\":1,\"id\":2}", false)]
    [InlineData("""{"type":"object","properties":{"id":{"type":"integer"}},"additionalProperties":{"type":"integer"}}""", "{\"i\\u0064\":\"s\"}", false)]
    public void ToGbnf_Text_GrammarWritesItAsExpectedAndWhatItWritesValidates(string schema, string text, bool written)
    {
        var element = SchemaSuite.Parse(schema);
        string gbnf = JsonSchemaGrammar.ToGbnf(element);

        bool accepted = GrammarAcceptance.Accepts(vocabulary.Model, gbnf, text);

        Assert.True(written == accepted, $"grammar {(accepted ? "writes" : "does not write")} {text}\n{gbnf}");
        if (accepted)
        {
            var errors = JsonSchemaValidator.Validate(element, text);
            Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.Message)));
        }
    }
}
