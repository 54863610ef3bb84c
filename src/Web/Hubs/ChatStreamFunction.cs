using System.Text.Json;

namespace Workbench.Web.Hubs;

/// <summary>The <c>function</c> of a <see cref="ChatStreamTool"/>.</summary>
public sealed record ChatStreamFunction
{
    /// <summary>1–64 characters of <c>a-z A-Z 0-9 _ -</c>, unique among the tools.</summary>
    public string? Name { get; init; }

    /// <summary>What the function does, shown to the model; optional.</summary>
    public string? Description { get; init; }

    /// <summary>The arguments' JSON Schema: an object schema the grammar converter supports; null = no
    /// parameters.</summary>
    public JsonElement? Parameters { get; init; }
}
