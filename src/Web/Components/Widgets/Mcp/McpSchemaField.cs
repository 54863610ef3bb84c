namespace Workbench.Web.Components.Widgets.Mcp;

/// <summary>The kind of input <see cref="McpSchemaForm"/> generates for one property of a tool's <c>inputSchema</c>.</summary>
public enum McpSchemaFieldKind
{
    /// <summary><c>"type": "string"</c>: a text box.</summary>
    String,

    /// <summary><c>"type": "number"</c>: a number box (any decimal).</summary>
    Number,

    /// <summary><c>"type": "integer"</c>: a number box (whole numbers).</summary>
    Integer,

    /// <summary><c>"type": "boolean"</c>: unset, true or false.</summary>
    Boolean,

    /// <summary><c>"enum"</c> (of strings, numbers or booleans): a menu of its values.</summary>
    Enum,

    /// <summary>Anything else (objects, arrays, unions, no type): a JSON text box for the value.</summary>
    Json,
}

/// <summary>One generated field of <see cref="McpSchemaForm"/>.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="Kind">The input generated.</param>
/// <param name="Required">Listed in the schema's <c>required</c>.</param>
/// <param name="Description">The property's <c>description</c>, or null.</param>
/// <param name="EnumValues">For <see cref="McpSchemaFieldKind.Enum"/>: each value as JSON text (<c>"a"</c>, <c>3</c>);
/// else empty.</param>
/// <param name="Default">The property's <c>default</c> as the field's initial text (a string's own text, other
/// values as JSON), or null.</param>
public sealed record McpSchemaField(string Name, McpSchemaFieldKind Kind, bool Required, string? Description,
    IReadOnlyList<string> EnumValues, string? Default);
