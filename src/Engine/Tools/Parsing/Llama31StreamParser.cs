namespace Workbench.Engine.Tools.Parsing;

/// <summary><see cref="ToolCallFormat.Llama31"/>: <c>{"name": …, "parameters": {…}}</c> (Llama 3.1/3.2/3.3, vLLM's
/// <c>llama3_json</c>), optionally after <c>&lt;|python_tag|&gt;</c>, several separated by <c>;</c> or whitespace.
/// Any <c>{</c> in the text is a candidate: one that turns out not to be a call object goes back into content.</summary>
internal sealed class Llama31StreamParser(ToolSet tools) : StreamParserBase(tools)
{
    private const string PythonTag = "<|python_tag|>";
    private static readonly string[] Markers = [PythonTag, "{"];

    private enum State { Content, AfterTag, InObject, AfterCall }

    private readonly JsonCallScanner _scanner = new(["parameters", "arguments"], readsId: false);
    private State _state;
    private int _objectStart;
    private bool _anyCall;

    public override ToolCallFormat Format => ToolCallFormat.Llama31;

    protected override void Run()
    {
        while (true)
        {
            switch (_state)
            {
                case State.Content:
                    int marker = ScanContent(Markers);
                    if (marker < 0)
                    {
                        return;
                    }
                    BeginAttempt();
                    if (marker == 0)
                    {
                        Consume(PythonTag.Length);
                        _state = State.AfterTag;
                    }
                    else
                    {
                        BeginObject();
                    }
                    break;
                case State.AfterTag:
                    if (!HasChar)
                    {
                        return;
                    }
                    if (char.IsWhiteSpace(Current))
                    {
                        Consume(1);
                    }
                    else if (Current == '{')
                    {
                        BeginObject();
                    }
                    else
                    {
                        Fail($"{PythonTag} is followed by '{Current}', not a JSON call (built-in tool calls NAME.call(…) are not parsed)", Offset);
                        _state = State.Content;
                    }
                    break;
                case State.InObject:
                    if (!HasChar)
                    {
                        return;
                    }
                    int offset = Offset;
                    switch (_scanner.Feed(Current, this))
                    {
                        case ScanStep.Consumed:
                            Consume(1);
                            break;
                        case ScanStep.Error:
                            Fail($"the JSON object at offset {offset - (Raw.Length - _objectStart)} is not a call: {_scanner.Error} (offset {offset})", offset);
                            _state = State.Content;
                            break;
                        case ScanStep.Done:
                            Consume(1);
                            string json = Raw.ToString(_objectStart, Raw.Length - _objectStart);
                            int start = Offset - json.Length;
                            if (JsonError(json, start) is { } error)
                            {
                                Fail($"the call's JSON {error}", start);
                                _state = State.Content;
                                break;
                            }
                            FinishCall();
                            _anyCall = true;
                            _state = State.AfterCall;
                            break;
                    }
                    break;
                case State.AfterCall:
                    int skip = 0;
                    while (Pos + skip < Text.Length && (char.IsWhiteSpace(Text[Pos + skip]) || Text[Pos + skip] == ';'))
                    {
                        skip++;
                    }
                    if (Pos + skip == Text.Length)
                    {
                        if (!Final)
                        {
                            return;
                        }
                        Consume(skip); // separators after the last call are not content
                    }
                    else if (Text[Pos + skip] == '{' || Match(PythonTag, skip) != MarkerMatch.No)
                    {
                        Consume(skip);
                    }
                    _state = State.Content;
                    break;
            }
        }
    }

    private void BeginObject()
    {
        _scanner.Reset();
        _objectStart = Raw.Length;
        _state = State.InObject;
    }

    protected override void End()
    {
        if (_state is State.InObject or State.AfterTag)
        {
            Fail("the stream ended inside a JSON object before it was complete", Offset);
        }
        if (!_anyCall && !AnyAttempt)
        {
            Diagnose(0, "no JSON call object ({\"name\": …, \"parameters\": {…}}) and no " + PythonTag, rescued: false);
        }
        _state = State.Content;
    }
}
