using System.Text.Json;
using Workbench.Web.Components.Widgets.Mcp;

namespace Workbench.Web.Tests.Components.Mcp;

/// <summary>The form generated from an inputSchema: field kinds, required marks, defaults, and the arguments built.</summary>
public sealed class McpSchemaFormTests
{
    private const string Schema = """
        {"type": "object", "required": ["city", "days"],
         "properties": {
           "city": {"type": "string", "description": "Where"},
           "days": {"type": "integer", "default": 3},
           "celsius": {"type": "boolean"},
           "unit": {"enum": ["metric", "imperial"]},
           "ratio": {"type": "number"},
           "where": {"type": "object", "properties": {"lat": {"type": "number"}}},
           "tags": {"type": "array", "items": {"type": "string"}}}}
        """;

    [Fact]
    public void From_ObjectSchema_OneFieldPerPropertyInOrder()
    {
        var form = McpSchemaForm.From(JsonDocument.Parse(Schema).RootElement);

        Assert.True(form.IsObjectSchema);
        Assert.Equal(["city", "days", "celsius", "unit", "ratio", "where", "tags"], form.Fields.Select(f => f.Name));
        Assert.Equal([McpSchemaFieldKind.String, McpSchemaFieldKind.Integer, McpSchemaFieldKind.Boolean, McpSchemaFieldKind.Enum,
            McpSchemaFieldKind.Number, McpSchemaFieldKind.Json, McpSchemaFieldKind.Json], form.Fields.Select(f => f.Kind));
        Assert.Equal([true, true, false, false, false, false, false], form.Fields.Select(f => f.Required));
        Assert.Equal("Where", form.Fields[0].Description);
        Assert.Equal("3", form.Fields[1].Default);
        Assert.Equal(["\"metric\"", "\"imperial\""], form.Fields[3].EnumValues);
    }

    [Fact]
    public void BuildArguments_TypedValues_AreJsonOfTheirKinds_EmptyLeftOut_UnparsableKeptAsText()
    {
        var form = McpSchemaForm.From(JsonDocument.Parse(Schema).RootElement);

        var arguments = form.BuildArguments(new Dictionary<string, string?>
        {
            ["city"] = "Oslo", ["days"] = "x4", ["celsius"] = "true", ["unit"] = "\"metric\"", ["ratio"] = "0.5",
            ["where"] = """{"lat": 59.9}""", ["tags"] = "",
        });

        Assert.Equal("""{"city":"Oslo","days":"x4","celsius":true,"unit":"metric","ratio":0.5,"where":{"lat":59.9}}""", arguments.ToJsonString());
    }

    [Fact]
    public void From_NotAnObjectSchema_OffersOnlyRawJson()
    {
        var form = McpSchemaForm.From(JsonDocument.Parse("""{"type": "string"}""").RootElement);

        Assert.False(form.IsObjectSchema);
        Assert.Empty(form.Fields);
    }
}
