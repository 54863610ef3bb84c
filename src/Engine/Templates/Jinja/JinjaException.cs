namespace Workbench.Engine.Templates.Jinja;

/// <summary>A Jinja template failed to parse or to render. <see cref="Line"/> and <see cref="Column"/> (1-based, in
/// the template source) point at the construct that failed, and the message names it (for example
/// <c>unknown filter 'foo'</c>, <c>expected 'endif'</c>, <c>'None' is not iterable</c>).</summary>
/// <remarks>When the template itself gave up through <c>raise_exception(message)</c> (as Gemma 3 does for a
/// <c>tool</c> turn), <see cref="RaisedByTemplate"/> is true and <see cref="TemplateMessage"/> is the template's own
/// text, unchanged; <see cref="Exception.Message"/> then reads <c>template error at line L, column C: TEXT</c>.</remarks>
public sealed class JinjaException : Exception
{
    /// <summary>Creates the exception; <paramref name="line"/> and <paramref name="column"/> are 1-based.</summary>
    public JinjaException(string message, int line, int column, bool raisedByTemplate = false)
        : base(Format(message, line, column, raisedByTemplate))
    {
        TemplateMessage = message;
        Line = line;
        Column = column;
        RaisedByTemplate = raisedByTemplate;
    }

    /// <summary>1-based line in the template source.</summary>
    public int Line { get; }

    /// <summary>1-based column (in UTF-16 code units) in the template source.</summary>
    public int Column { get; }

    /// <summary>True when the template called <c>raise_exception</c>: a refusal the template's author wrote.</summary>
    public bool RaisedByTemplate { get; }

    /// <summary>The message without the position: the template's own text when <see cref="RaisedByTemplate"/>.</summary>
    public string TemplateMessage { get; }

    private static string Format(string message, int line, int column, bool raised) =>
        raised ? $"template error at line {line}, column {column}: {message}"
               : $"jinja: {message} (line {line}, column {column})";
}
