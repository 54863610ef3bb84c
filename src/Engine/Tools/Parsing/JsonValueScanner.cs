namespace Workbench.Engine.Tools.Parsing;

/// <summary>Finds where one JSON value ends, a character at a time: strings (with escapes), objects and arrays (nesting
/// depth, strings inside), scalars (numbers, <c>true</c>/<c>false</c>/<c>null</c>: a run of word characters). It does
/// not validate; the caller parses the finished text.</summary>
internal struct JsonValueScanner
{
    private int _depth;
    private bool _scalar;
    private bool _escape;

    /// <summary>Whether the last character fed left the scanner inside a string (the next one is string content).</summary>
    public bool InString { get; private set; }

    /// <summary>Feeds one character (the first one starts the value). Returns <see cref="ValueStep.Continue"/> (part of
    /// the value, not the end), <see cref="ValueStep.End"/> (the value's last character) or
    /// <see cref="ValueStep.EndedBefore"/> (a scalar ended before this character, which is not part of it).</summary>
    public ValueStep Feed(char c, bool first)
    {
        if (first)
        {
            this = default;
            switch (c)
            {
                case '"': InString = true; return ValueStep.Continue;
                case '{' or '[': _depth = 1; return ValueStep.Continue;
                default: _scalar = true; return IsScalarChar(c) ? ValueStep.Continue : ValueStep.End;
            }
        }
        if (_scalar)
        {
            return IsScalarChar(c) ? ValueStep.Continue : ValueStep.EndedBefore;
        }
        if (InString)
        {
            if (_escape)
            {
                _escape = false;
            }
            else if (c == '\\')
            {
                _escape = true;
            }
            else if (c == '"')
            {
                InString = false;
                return _depth == 0 ? ValueStep.End : ValueStep.Continue;
            }
            return ValueStep.Continue;
        }
        switch (c)
        {
            case '"': InString = true; break;
            case '{' or '[': _depth++; break;
            case '}' or ']':
                if (--_depth == 0)
                {
                    return ValueStep.End;
                }
                break;
        }
        return ValueStep.Continue;
    }

    private static bool IsScalarChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '.';
}

/// <summary>What a character did to a <see cref="JsonValueScanner"/>.</summary>
internal enum ValueStep
{
    Continue,
    End,
    EndedBefore,
}
