using Workbench.Engine.Tools;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>One template file of a <see cref="ChatTemplateLibrary"/>.</summary>
/// <param name="FileName">The file name, for example <c>qwen2.5-instruct.jinja</c>.</param>
/// <param name="Source">The Jinja source.</param>
/// <param name="Format">The detected tool-call format; null when the template renders none of the four.</param>
public sealed record ChatTemplateFile(string FileName, string Source, ToolCallFormat? Format);
