using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workbench.Web.Components.Widgets.Structured;

namespace Workbench.Web.Tests.Components.Structured;

/// <summary>The generated C# is real C#: the declarations and the initializer compile with Roslyn, and the object
/// the initializer builds serializes back to the same JSON.</summary>
public sealed class CSharpTypeWriterTests
{
    private const string OrderSchema = """
        {
          "title": "order",
          "type": "object",
          "properties": {
            "id": { "type": "string", "format": "uuid" },
            "placed_on": { "type": "string", "format": "date" },
            "customer": { "$ref": "#/$defs/person" },
            "lines": { "type": "array", "items": { "type": "object", "properties": { "sku": { "type": "string" }, "qty": { "type": "integer" } }, "required": ["sku", "qty"] } },
            "note": { "type": ["string", "null"] },
            "gift": { "type": "boolean" },
            "status": { "enum": ["new", "paid"] },
            "discount": { "anyOf": [{ "type": "number" }, { "type": "null" }] },
            "tags": { "type": "array", "items": { "type": "string" } }
          },
          "required": ["id", "placed_on", "customer", "lines", "note", "status"],
          "$defs": { "person": { "type": "object", "properties": { "name": { "type": "string" }, "age": { "type": "integer" } }, "required": ["name"] } }
        }
        """;

    private const string OrderValue = """
        { "id": "0f8fad5b-d9cb-469f-a165-70867728950e", "placed_on": "2024-03-09",
          "customer": { "name": "Ada \"Countess\" Lovelace\n", "age": 36 },
          "lines": [{ "sku": "A-1", "qty": 2 }, { "sku": "B\\2", "qty": 10 }],
          "note": null, "gift": true, "status": "paid", "discount": 0.25, "tags": ["x", "y"] }
        """;

    [Fact]
    public void Declarations_LocationSchema_RequiredPropertiesWithJsonNames()
    {
        using var schema = JsonDocument.Parse(StructuredPrompt.LocationSchema);

        var text = CSharpTypeWriter.Declarations(schema.RootElement);

        Assert.StartsWith("public sealed record Location", text, StringComparison.Ordinal);
        Assert.Contains("[JsonPropertyName(\"latitude\")] public required double Latitude { get; init; }", text, StringComparison.Ordinal);
        Assert.Contains("[JsonPropertyName(\"name\")] public required string Name { get; init; }", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Initializer_NestedSchema_CompilesAndSerializesBackToTheSameJson()
    {
        using var schema = JsonDocument.Parse(OrderSchema);
        using var value = JsonDocument.Parse(OrderValue);

        var declarations = CSharpTypeWriter.Declarations(schema.RootElement);
        var initializer = CSharpTypeWriter.Initializer(schema.RootElement, value.RootElement);
        var built = Evaluate(declarations, "public static class Probe { public static object Make() => " + initializer.TrimEnd(';') + "; }");

        var options = new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        var roundTrip = JsonNode.Parse(JsonSerializer.Serialize(built, built.GetType(), options))!.AsObject();
        var expected = JsonNode.Parse(OrderValue)!.AsObject();
        expected.Remove("note"); // null: dropped by WhenWritingNull
        Assert.True(JsonNode.DeepEquals(expected, roundTrip), $"{roundTrip}\n--- from ---\n{initializer}\n{declarations}");
        Assert.Contains("public required string? Note", declarations, StringComparison.Ordinal);
        Assert.Contains("public double? Discount", declarations, StringComparison.Ordinal);
        Assert.Contains("public required Person Customer", declarations, StringComparison.Ordinal);
    }

    [Fact]
    public void Literal_QuotesBackslashesAndControls_AreEscaped()
    {
        Assert.Equal("\"a\\\"b\\\\c\\nd\\u0001\"", CSharpTypeWriter.Literal("a\"b\\c\nd\u0001"));
    }

    /// <summary>Compiles <paramref name="declarations"/> plus <paramref name="probe"/> (a static
    /// <c>Probe.Make()</c>) and returns what Make returns.</summary>
    private static object Evaluate(string declarations, string probe)
    {
        const string usings = "using System; using System.Collections.Generic; using System.Globalization; using System.Text.Json; using System.Text.Json.Serialization;\n";
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Probe" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(usings + declarations + probe, new CSharpParseOptions(LanguageVersion.Latest))],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + declarations + probe);
        stream.Position = 0;
        var assembly = new AssemblyLoadContext("probe", isCollectible: true).LoadFromStream(stream);
        return assembly.GetType("Probe")!.GetMethod("Make", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
    }
}
