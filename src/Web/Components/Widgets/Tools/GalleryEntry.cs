namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>One template's card in the format gallery.</summary>
/// <param name="Template">The template file.</param>
/// <param name="Prompt">The rendered conversation, or null when rendering failed.</param>
/// <param name="Error">Why rendering failed (the engine's message, with the template line and column); null on success.</param>
public sealed record GalleryEntry(ChatTemplateFile Template, string? Prompt, string? Error);
