using System.Text;

namespace Workbench.Engine.Tools.Parsing;

/// <summary><see cref="ToolCallFormat.Mistral"/>: <c>[TOOL_CALLS][{"name", "arguments", "id"?}, …]</c> (Mistral Nemo,
/// 7B v0.3) and <c>[TOOL_CALLS]NAME[CALL_ID]ID[ARGS]{…}</c> (Mistral Small 3.2; <c>[CALL_ID]</c> and <c>[ARGS]</c>
/// optional), repeated for parallel calls (vLLM's <c>mistral</c> parser).</summary>
internal sealed class MistralStreamParser(ToolSet tools) : StreamParserBase(tools)
{
    private const string Marker = "[TOOL_CALLS]";
    private const string CallId = "[CALL_ID]";
    private const string Args = "[ARGS]";
    private static readonly string[] Markers = [Marker];

    private enum State { Content, AfterMarker, ArrayItem, InArrayObject, AfterArrayObject, Name, AfterName, Id, ArgsStart, InArgs }

    private readonly JsonCallScanner _scanner = new(["arguments", "parameters"], readsId: true);
    private readonly StringBuilder _name = new();
    private readonly StringBuilder _id = new();
    private JsonValueScanner _args;
    private State _state;
    private int _jsonStart;
    private bool _hasId;

    public override ToolCallFormat Format => ToolCallFormat.Mistral;

    protected override string NewId() => ToolCallIds.NewMistralId();

    protected override void Run()
    {
        while (true)
        {
            if (_state == State.Content)
            {
                if (ScanContent(Markers) < 0)
                {
                    return;
                }
                BeginAttempt();
                Consume(Marker.Length);
                _state = State.AfterMarker;
                continue;
            }
            if ((!HasChar && _state is not State.AfterArrayObject) || !Step())
            {
                return;
            }
        }
    }

    /// <summary>One step of the call states; false when more text is needed.</summary>
    private bool Step()
    {
        switch (_state)
        {
            case State.AfterMarker:
                if (char.IsWhiteSpace(Current))
                {
                    Consume(1);
                }
                else if (Current == '[')
                {
                    Consume(1);
                    _state = State.ArrayItem;
                }
                else if (IsNameChar(Current))
                {
                    _name.Clear();
                    _id.Clear();
                    _hasId = false;
                    _state = State.Name;
                }
                else
                {
                    Fail($"{Marker} is followed by '{Current}', neither a JSON array nor a function name", Offset);
                    _state = State.Content;
                }
                break;
            case State.ArrayItem:
                if (char.IsWhiteSpace(Current))
                {
                    Consume(1);
                    break;
                }
                if (Current != '{')
                {
                    Fail($"expected a call object in the {Marker} array, found '{Current}'", Offset);
                    _state = State.Content;
                    break;
                }
                BeginAttempt();
                _scanner.Reset();
                _jsonStart = Raw.Length;
                _state = State.InArrayObject;
                break;
            case State.InArrayObject:
                int offset = Offset;
                switch (_scanner.Feed(Current, this))
                {
                    case ScanStep.Consumed:
                        Consume(1);
                        break;
                    case ScanStep.Error:
                        Fail($"the object in the {Marker} array is not a call: {_scanner.Error} (offset {offset})", offset);
                        _state = State.Content;
                        break;
                    case ScanStep.Done:
                        Consume(1);
                        FinishJson(State.AfterArrayObject);
                        break;
                }
                break;
            case State.AfterArrayObject:
                int skip = 0;
                while (Pos + skip < Text.Length && char.IsWhiteSpace(Text[Pos + skip]))
                {
                    skip++;
                }
                if (Pos + skip == Text.Length)
                {
                    if (Final)
                    {
                        Diagnose(Offset + skip, $"missing ']' closing the {Marker} array at end of stream (the calls were kept)", rescued: true);
                        _state = State.Content;
                    }
                    return Final;
                }
                char next = Text[Pos + skip];
                if (next == ',')
                {
                    Consume(skip + 1);
                    _state = State.ArrayItem;
                }
                else if (next == ']')
                {
                    Consume(skip + 1);
                    _state = State.Content;
                }
                else
                {
                    Diagnose(Offset + skip, $"missing ']' closing the {Marker} array (the calls were kept)", rescued: true);
                    _state = State.Content;
                }
                break;
            case State.Name:
                if (IsNameChar(Current))
                {
                    _name.Append(Current);
                    Consume(1);
                    break;
                }
                if (Tools.Reject(_name.ToString()) is { } rejected)
                {
                    Fail(rejected, Offset - _name.Length);
                    _state = State.Content;
                    break;
                }
                _state = State.AfterName;
                break;
            case State.AfterName:
                if (Match(CallId) is MarkerMatch.Yes)
                {
                    Consume(CallId.Length);
                    _hasId = true;
                    _state = State.Id;
                }
                else if (Match(Args) is MarkerMatch.Yes)
                {
                    Consume(Args.Length);
                    _state = State.ArgsStart;
                }
                else if (Match(CallId) is MarkerMatch.Partial || Match(Args) is MarkerMatch.Partial)
                {
                    return false;
                }
                else if (Current == '{' || char.IsWhiteSpace(Current))
                {
                    _state = State.ArgsStart;
                }
                else
                {
                    Fail($"expected {CallId}, {Args} or '{{' after the function name '{_name}', found '{Current}'", Offset);
                    _state = State.Content;
                }
                break;
            case State.Id:
                if (Current == '[')
                {
                    _state = State.AfterName;
                    break;
                }
                _id.Append(Current);
                Consume(1);
                break;
            case State.ArgsStart:
                if (char.IsWhiteSpace(Current))
                {
                    Consume(1);
                    break;
                }
                if (Current != '{')
                {
                    Fail($"the arguments of '{_name}' are not a JSON object (they start with '{Current}')", Offset);
                    _state = State.Content;
                    break;
                }
                StartCall(_name.ToString(), _hasId && _id.Length > 0 ? _id.ToString() : null);
                _jsonStart = Raw.Length;
                _args.Feed(Current, first: true);
                Arguments(Current);
                Consume(1);
                _state = State.InArgs;
                break;
            case State.InArgs:
                bool significant = _args.InString || !char.IsWhiteSpace(Current);
                ValueStep step = _args.Feed(Current, first: false);
                if (significant)
                {
                    Arguments(Current);
                }
                Consume(1);
                if (step == ValueStep.End)
                {
                    FinishJson(State.Content);
                }
                break;
        }
        return true;
    }

    private void FinishJson(State next)
    {
        string json = Raw.ToString(_jsonStart, Raw.Length - _jsonStart);
        int start = Offset - json.Length;
        if (JsonError(json, start) is { } error)
        {
            Fail($"the JSON after {Marker} {error}", start);
            _state = State.Content;
            return;
        }
        FinishCall();
        _state = next;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    protected override void End()
    {
        if (_state is not State.Content)
        {
            Fail($"the stream ended inside a {Marker} call before it was complete", Offset);
        }
        if (!AnyAttempt)
        {
            Diagnose(0, $"no {Marker} marker", rescued: false);
        }
        _state = State.Content;
    }
}
