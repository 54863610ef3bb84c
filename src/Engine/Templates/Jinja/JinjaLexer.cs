using System.Globalization;
using System.Text;

namespace Workbench.Engine.Templates.Jinja;

/// <summary>Splits a template into tokens as jinja2's lexer does in transformers' environment:
/// <c>trim_blocks</c> (the first newline after <c>%}</c> or <c>#}</c> is dropped), <c>lstrip_blocks</c> (spaces
/// and tabs from the start of a line up to <c>{%</c> or <c>{#</c> are dropped), <c>{%-</c>/<c>-%}</c> (and
/// <c>{{-</c>, <c>-}}</c>, <c>{#-</c>, <c>-#}</c>) strip all whitespace on that side, <c>{%+</c>/<c>+%}</c>
/// turn the trim and lstrip off; a single trailing newline of the source is dropped (<c>keep_trailing_newline</c>
/// off); comments vanish.</summary>
internal sealed class JinjaLexer
{
    private static readonly string[] Operators =
        ["//", "**", "==", "!=", "<=", ">=", "+", "-", "*", "/", "%", "~", "<", ">", "=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "|"];

    private readonly string _src;
    private readonly List<JinjaToken> _tokens = [];
    private int _pos;
    private readonly int[] _lineStarts;

    private JinjaLexer(string source)
    {
        source = source.Replace("\r\n", "\n").Replace('\r', '\n');
        if (source.EndsWith('\n')) source = source[..^1];
        _src = source;
        var starts = new List<int> { 0 };
        for (int i = 0; i < source.Length; i++) if (source[i] == '\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
    }

    /// <summary>The tokens of <paramref name="source"/>, ending with <see cref="JinjaTokenKind.EndOfFile"/>.</summary>
    /// <exception cref="JinjaException">An unclosed tag, comment or string, or a character no token starts with.</exception>
    public static List<JinjaToken> Tokenize(string source)
    {
        var lexer = new JinjaLexer(source);
        lexer.Run();
        return lexer._tokens;
    }

    private (int Line, int Column) Position(int offset)
    {
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    private JinjaException Error(string message, int offset)
    {
        var (line, col) = Position(offset);
        return new JinjaException(message, line, col);
    }

    private void Add(JinjaTokenKind kind, string value, int offset)
    {
        var (line, col) = Position(offset);
        _tokens.Add(new JinjaToken(kind, value, line, col));
    }

    private void Run()
    {
        bool lineStarting = true;
        while (_pos < _src.Length)
        {
            int tag = NextTag(_pos);
            string text = _src[_pos..(tag < 0 ? _src.Length : tag)];
            if (tag < 0) { AddText(text, _pos); break; }
            char kind = _src[tag + 1];
            char sign = tag + 2 < _src.Length ? _src[tag + 2] : '\0';
            if (sign == '-') text = text.TrimEnd();
            else if (sign != '+' && kind != '{')
            {
                int lineStart = text.LastIndexOf('\n') + 1;
                if ((lineStart > 0 || lineStarting) && lineStart < text.Length && text[lineStart..].All(c => c is ' ' or '\t'))
                    text = text[..lineStart];
            }
            AddText(text, _pos);
            _pos = tag + 2 + (sign is '-' or '+' ? 1 : 0);
            switch (kind)
            {
                case '#': SkipComment(tag); break;
                case '{': Add(JinjaTokenKind.VariableBegin, "{{", tag); LexTag("}}", JinjaTokenKind.VariableEnd, tag); break;
                default: Add(JinjaTokenKind.BlockBegin, "{%", tag); LexTag("%}", JinjaTokenKind.BlockEnd, tag); break;
            }
            lineStarting = _pos > 0 && _src[_pos - 1] == '\n';
        }
        Add(JinjaTokenKind.EndOfFile, "", _src.Length);
    }

    private void AddText(string text, int offset)
    {
        if (text.Length > 0) Add(JinjaTokenKind.Text, text, offset);
    }

    private int NextTag(int from)
    {
        for (int i = _src.IndexOf('{', from); i >= 0 && i + 1 < _src.Length; i = _src.IndexOf('{', i + 1))
            if (_src[i + 1] is '{' or '%' or '#') return i;
        return -1;
    }

    private void SkipComment(int start)
    {
        int end = _src.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (end < 0) throw Error("unclosed comment: missing '#}'", start);
        bool strip = end > _pos && _src[end - 1] == '-';
        bool keep = end > _pos && _src[end - 1] == '+';
        _pos = end + 2;
        AfterBlockEnd(strip, keep);
    }

    private void AfterBlockEnd(bool strip, bool keep)
    {
        if (strip) while (_pos < _src.Length && char.IsWhiteSpace(_src[_pos])) _pos++;
        else if (!keep && _pos < _src.Length && _src[_pos] == '\n') _pos++; // trim_blocks
    }

    private void LexTag(string end, JinjaTokenKind endKind, int start)
    {
        int depth = 0;
        while (true)
        {
            while (_pos < _src.Length && char.IsWhiteSpace(_src[_pos])) _pos++;
            if (_pos >= _src.Length) throw Error($"unclosed tag: missing '{end}'", start);
            if (depth == 0)
            {
                bool strip = At("-" + end), keep = endKind == JinjaTokenKind.BlockEnd && At("+" + end);
                if (strip || keep || At(end))
                {
                    Add(endKind, end, _pos);
                    _pos += end.Length + (strip || keep ? 1 : 0);
                    if (endKind == JinjaTokenKind.BlockEnd) AfterBlockEnd(strip, keep);
                    else if (strip) while (_pos < _src.Length && char.IsWhiteSpace(_src[_pos])) _pos++;
                    return;
                }
            }
            char c = _src[_pos];
            if (char.IsLetter(c) || c == '_') LexName();
            else if (char.IsAsciiDigit(c)) LexNumber();
            else if (c is '\'' or '"') LexString(c);
            else
            {
                string? op = Operators.FirstOrDefault(At);
                if (op is null) throw Error($"unexpected character '{c}'", _pos);
                if (op is "(" or "[" or "{") depth++;
                else if (op is ")" or "]" or "}") depth = Math.Max(0, depth - 1);
                Add(JinjaTokenKind.Operator, op, _pos);
                _pos += op.Length;
            }
        }
    }

    private bool At(string s) => string.CompareOrdinal(_src, _pos, s, 0, s.Length) == 0;

    private void LexName()
    {
        int start = _pos;
        while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] == '_')) _pos++;
        Add(JinjaTokenKind.Name, _src[start.._pos], start);
    }

    private void LexNumber()
    {
        int start = _pos;
        while (_pos < _src.Length && (char.IsAsciiDigit(_src[_pos]) || _src[_pos] == '_')) _pos++;
        bool isFloat = false;
        if (_pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos])) _pos++;
        }
        if (_pos < _src.Length && _src[_pos] is 'e' or 'E')
        {
            int save = _pos++;
            if (_pos < _src.Length && _src[_pos] is '+' or '-') _pos++;
            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                isFloat = true;
                while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos])) _pos++;
            }
            else _pos = save;
        }
        Add(isFloat ? JinjaTokenKind.Float : JinjaTokenKind.Integer, _src[start.._pos].Replace("_", ""), start);
    }

    /// <summary>A quoted literal with Python's escapes (<c>\n \t \\ \' \" \xHH \uHHHH \UHHHHHHHH</c>); raw
    /// newlines are allowed inside.</summary>
    private void LexString(char quote)
    {
        int start = _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length) throw Error("unclosed string literal", start);
            char c = _src[_pos++];
            if (c == quote) break;
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _src.Length) throw Error("unclosed string literal", start);
            char e = _src[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case 'a': sb.Append('\a'); break;
                case '0': sb.Append('\0'); break;
                case '\\': case '\'': case '"': sb.Append(e); break;
                case '\n': break;
                case 'x': sb.Append(Hex(2, start)); break;
                case 'u': sb.Append(Hex(4, start)); break;
                case 'U': sb.Append(Hex(8, start)); break;
                default: sb.Append('\\').Append(e); break; // Python keeps unknown escapes as written
            }
        }
        Add(JinjaTokenKind.String, sb.ToString(), start);
    }

    private string Hex(int digits, int start)
    {
        if (_pos + digits > _src.Length || !int.TryParse(_src.AsSpan(_pos, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code))
            throw Error("bad escape in string literal", start);
        _pos += digits;
        return char.ConvertFromUtf32(code);
    }
}
