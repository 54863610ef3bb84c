using System.Text;

namespace Workbench.Engine.Tools.Parsing;

/// <summary><see cref="ToolCallFormat.Qwen3Coder"/>: <c>&lt;tool_call&gt;\n&lt;function=NAME&gt;\n&lt;parameter=KEY&gt;\nVALUE\n&lt;/parameter&gt;\n&lt;/function&gt;\n&lt;/tool_call&gt;</c>
/// (vLLM's <c>qwen3_coder</c>). The arguments JSON is built as the parameters arrive: a string-typed (or untyped)
/// value streams as a JSON string; any other type is parsed as JSON when its parameter ends, falling back to a string
/// with a diagnostic. One newline after <c>&lt;parameter=KEY&gt;</c> and one before <c>&lt;/parameter&gt;</c> are not
/// part of the value, as in the template.</summary>
internal sealed class Qwen3CoderStreamParser(ToolSet tools) : StreamParserBase(tools)
{
    private const string Open = "<tool_call>";
    private const string Close = "</tool_call>";
    private const string Function = "<function=";
    private const string FunctionEnd = "</function>";
    private const string Parameter = "<parameter=";
    private const string ParameterEnd = "</parameter>";
    private const int MaxNameLength = 256;
    private static readonly string[] Markers = [Open, Function];
    private static readonly string[] ValueEnds = ["\n" + ParameterEnd, ParameterEnd, "\n" + Parameter, Parameter, "\n" + FunctionEnd, FunctionEnd];

    private enum State { Content, Wrapper, FunctionName, Body, ParameterName, Value, AfterFunction }

    private readonly StringBuilder _name = new();
    private readonly StringBuilder _value = new();
    private State _state;
    private bool _wrapped;
    private bool _valueIsString;
    private bool _valueStart;
    private int _parameters;
    private string _key = "";
    private string? _type;

    public override ToolCallFormat Format => ToolCallFormat.Qwen3Coder;

    protected override void Run()
    {
        while (Step())
        {
        }
    }

    /// <summary>One step; false when more text is needed (or, at the end, nothing more can be done).</summary>
    private bool Step()
    {
        switch (_state)
        {
            case State.Content:
                int marker = ScanContent(Markers);
                if (marker < 0)
                {
                    return false;
                }
                BeginAttempt();
                _wrapped = marker == 0;
                Consume(Markers[marker].Length);
                _name.Clear();
                _state = _wrapped ? State.Wrapper : State.FunctionName;
                return true;
            case State.Wrapper or State.AfterFunction:
                int skip = 0;
                while (Pos + skip < Text.Length && char.IsWhiteSpace(Text[Pos + skip]))
                {
                    skip++;
                }
                if (Pos + skip == Text.Length && !Final)
                {
                    return false;
                }
                MarkerMatch function = Match(Function, skip), close = Match(Close, skip);
                if (function == MarkerMatch.Partial || close == MarkerMatch.Partial)
                {
                    return false;
                }
                if (function == MarkerMatch.Yes)
                {
                    if (_state == State.AfterFunction)
                    {
                        Consume(skip);
                        BeginAttempt();
                        Consume(Function.Length);
                    }
                    else
                    {
                        Consume(skip + Function.Length);
                    }
                    _name.Clear();
                    _state = State.FunctionName;
                }
                else if (_state == State.AfterFunction)
                {
                    if (close == MarkerMatch.Yes && _wrapped)
                    {
                        Consume(skip + Close.Length);
                    }
                    else if (_wrapped)
                    {
                        Diagnose(Offset + skip, $"missing {Close} after {FunctionEnd} (the call was kept)", rescued: true);
                    }
                    _state = State.Content;
                }
                else
                {
                    Fail(Pos + skip == Text.Length ? $"the stream ended inside {Open} before {Function}NAME>"
                        : close == MarkerMatch.Yes ? $"{Open} holds no {Function}NAME>" : $"expected {Function}NAME> inside {Open}, found '{Text[Pos + skip]}'", Offset + skip);
                    _state = State.Content;
                }
                return true;
            case State.FunctionName or State.ParameterName:
                if (!HasChar)
                {
                    return false;
                }
                char c = Current;
                if (c == '>')
                {
                    Consume(1);
                    return _state == State.FunctionName ? BeginFunction() : BeginParameter();
                }
                if (c is '\n' or '<' || _name.Length >= MaxNameLength)
                {
                    Fail($"the {(_state == State.FunctionName ? "function" : "parameter")} name after {(_state == State.FunctionName ? Function : Parameter)} is not closed by '>'", Offset);
                    _state = State.Content;
                    return true;
                }
                _name.Append(c);
                Consume(1);
                return true;
            case State.Body:
                int ws = 0;
                while (Pos + ws < Text.Length && char.IsWhiteSpace(Text[Pos + ws]))
                {
                    ws++;
                }
                if (Pos + ws == Text.Length)
                {
                    return false; // End() rescues a body cut off here
                }
                MarkerMatch parameter = Match(Parameter, ws), end = Match(FunctionEnd, ws);
                if (parameter == MarkerMatch.Partial || end == MarkerMatch.Partial)
                {
                    return false;
                }
                if (parameter == MarkerMatch.Yes)
                {
                    Consume(ws + Parameter.Length);
                    _name.Clear();
                    _state = State.ParameterName;
                }
                else if (end == MarkerMatch.Yes)
                {
                    Consume(ws + FunctionEnd.Length);
                    EndFunction();
                }
                else
                {
                    Fail($"unexpected text inside {Function}{CallName}>: '{Text[Pos + ws]}' (expected {Parameter}KEY> or {FunctionEnd})", Offset + ws);
                    _state = State.Content;
                }
                return true;
            case State.Value:
                return ReadValue();
            default:
                return false;
        }
    }

    private bool BeginFunction()
    {
        string name = _name.ToString().Trim();
        if (Tools.Reject(name) is { } rejected)
        {
            Fail(rejected, Offset - _name.Length - 1);
            _state = State.Content;
            return true;
        }
        StartCall(name, null);
        Arguments('{');
        _parameters = 0;
        _state = State.Body;
        return true;
    }

    private bool BeginParameter()
    {
        _key = _name.ToString().Trim();
        _type = Tools.ParameterType(CallName, _key);
        _valueIsString = _type is null or "string";
        var head = new StringBuilder(_key.Length + 4);
        if (_parameters++ > 0)
        {
            head.Append(',');
        }
        head.Append('"');
        JsonText.AppendEscaped(head, _key);
        head.Append("\":");
        if (_valueIsString)
        {
            head.Append('"');
        }
        Arguments(head.ToString());
        _value.Clear();
        _valueStart = true;
        _state = State.Value;
        return true;
    }

    private bool ReadValue()
    {
        if (_valueStart)
        {
            if (!HasChar)
            {
                return false;
            }
            _valueStart = false;
            if (Current == '\n')
            {
                Consume(1);
            }
        }
        ReadOnlySpan<char> rest = Text.AsSpan(Pos);
        int endAt = int.MaxValue, which = -1;
        for (int m = 0; m < ValueEnds.Length; m++)
        {
            int at = rest.IndexOf(ValueEnds[m], StringComparison.Ordinal);
            if (at >= 0 && at < endAt)
            {
                endAt = at;
                which = m;
            }
        }
        int take = which >= 0 ? endAt : rest.Length - (Final ? 0 : MarkerText.HeldBack(rest, ValueEnds));
        if (take > 0)
        {
            TakeValue(rest[..take]);
            Consume(take);
        }
        if (which < 0)
        {
            return false;
        }
        EndValue();
        string terminator = ValueEnds[which];
        Consume(terminator.Length);
        if (terminator.EndsWith(ParameterEnd, StringComparison.Ordinal))
        {
            _state = State.Body;
        }
        else if (terminator.EndsWith(Parameter, StringComparison.Ordinal))
        {
            Diagnose(Offset - Parameter.Length, $"missing {ParameterEnd} after the value of '{_key}' (the call was kept)", rescued: true);
            _name.Clear();
            _state = State.ParameterName;
        }
        else
        {
            Diagnose(Offset - FunctionEnd.Length, $"missing {ParameterEnd} after the value of '{_key}' (the call was kept)", rescued: true);
            EndFunction();
        }
        return true;
    }

    private void TakeValue(ReadOnlySpan<char> text)
    {
        if (_valueIsString)
        {
            var escaped = new StringBuilder(text.Length + 8);
            JsonText.AppendEscaped(escaped, text);
            Arguments(escaped.ToString());
        }
        else
        {
            _value.Append(text);
        }
    }

    private void EndValue()
    {
        if (_valueIsString)
        {
            Arguments('"');
            return;
        }
        string? json = JsonText.TypedValue(_value.ToString(), _type!);
        if (json is null)
        {
            Diagnose(Offset, $"the value of '{_key}' is not a valid {_type}: kept as a string", rescued: true);
            var text = new StringBuilder("\"");
            JsonText.AppendEscaped(text, _value.ToString());
            json = text.Append('"').ToString();
        }
        Arguments(json);
    }

    private void EndFunction()
    {
        Arguments('}');
        FinishCall();
        _state = State.AfterFunction;
    }

    protected override void End()
    {
        switch (_state)
        {
            case State.Value:
                EndValue();
                Diagnose(Offset, $"the stream ended inside {Parameter}{_key}> (the call was closed and kept)", rescued: true);
                EndFunction();
                break;
            case State.Body:
                Diagnose(Offset, $"missing {FunctionEnd} at end of stream (the call was kept)", rescued: true);
                EndFunction();
                break;
            case State.FunctionName or State.ParameterName or State.Wrapper:
                Fail($"the stream ended inside {(_state == State.Wrapper ? Open : _state == State.FunctionName ? Function : Parameter)} before the call was complete", Offset);
                break;
        }
        if (_state == State.AfterFunction && _wrapped)
        {
            Diagnose(Offset, $"missing {Close} at end of stream (the call was kept)", rescued: true);
        }
        if (!AnyAttempt)
        {
            Diagnose(0, $"no {Open} tag", rescued: false);
        }
        _state = State.Content;
    }
}
