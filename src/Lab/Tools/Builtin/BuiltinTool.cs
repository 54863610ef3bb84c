using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Lab.Tools.Builtin;

/// <summary>
/// Base of the built-in tools: a plain <see cref="AIFunction"/> (so <see cref="ToolLoop"/> and MEAI's
/// <c>UseFunctionInvocation()</c> both run it) with a fixed object JSON schema. The arguments, whatever form the
/// caller passes them in (<see cref="JsonElement"/>s from a parsed call, or CLR values), are read as one JSON
/// object and checked against the schema before <see cref="RunAsync"/> sees them.
/// </summary>
public abstract class BuiltinTool : AIFunction
{
    private readonly JsonElement schema;

    /// <summary>Creates the tool.</summary>
    /// <param name="name">The function name the model calls.</param>
    /// <param name="description">What it does, for the model.</param>
    /// <param name="schemaJson">The parameters' JSON schema (an object schema).</param>
    protected BuiltinTool(string name, string description, string schemaJson)
    {
        Name = name;
        Description = description;
        using var document = JsonDocument.Parse(schemaJson);
        schema = document.RootElement.Clone();
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override string Description { get; }

    /// <inheritdoc/>
    public override JsonElement JsonSchema => schema;

    /// <summary>Runs the tool on checked arguments.</summary>
    /// <param name="arguments">A JSON object valid against <see cref="JsonSchema"/>.</param>
    /// <param name="cancellationToken">Cancels the call (the loop's timeout uses it).</param>
    /// <returns>The result text the model reads.</returns>
    /// <exception cref="ToolException">The tool refuses the input; the message is for the model.</exception>
    protected abstract ValueTask<string> RunAsync(JsonElement arguments, CancellationToken cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="ToolException">The arguments fail the schema, or the tool refuses them.</exception>
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var values = JsonSerializer.SerializeToElement(
            new Dictionary<string, object?>(arguments, StringComparer.Ordinal), AIJsonUtilities.DefaultOptions);
        var errors = JsonSchemaValidator.Validate(schema, values);
        if (errors.Count > 0)
            throw new ToolException($"Invalid arguments for '{Name}': {string.Join(" ", errors.Select(e => e.Message))}");
        return await RunAsync(values, cancellationToken).ConfigureAwait(false);
    }

    private static readonly JsonSerializerOptions ResultJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A result object as compact JSON, non-ASCII text kept as written (it goes to a model, not a page).</summary>
    protected static string ToJson(object value) => JsonSerializer.Serialize(value, ResultJson);

    /// <summary>The string property <paramref name="name"/>, or null when absent.</summary>
    protected static string? ReadString(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
