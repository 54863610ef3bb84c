namespace Workbench.Engine.Tools.Parsing;

/// <summary><see cref="ToolCallFormat.Hermes"/>: <c>&lt;tool_call&gt;\n{"name": …, "arguments": {…}}\n&lt;/tool_call&gt;</c>,
/// as the Hermes 3, Qwen2.5 and Qwen3 templates render calls (vLLM's <c>hermes</c> parser).</summary>
internal sealed class HermesStreamParser(ToolSet tools) : StreamParserBase(tools)
{
    private const string Open = "<tool_call>";
    private const string Close = "</tool_call>";
    private static readonly string[] Markers = [Open];

    private enum State { Content, InObject, AfterObject }

    private readonly JsonCallScanner _scanner = new(["arguments", "parameters"], readsId: false);
    private State _state;
    private int _objectStart;

    public override ToolCallFormat Format => ToolCallFormat.Hermes;

    protected override void Run()
    {
        while (true)
        {
            switch (_state)
            {
                case State.Content:
                    if (ScanContent(Markers) < 0)
                    {
                        return;
                    }
                    BeginAttempt();
                    Consume(Open.Length);
                    _scanner.Reset();
                    _objectStart = -1;
                    _state = State.InObject;
                    break;
                case State.InObject:
                    if (!HasChar)
                    {
                        return;
                    }
                    if (_objectStart < 0 && !char.IsWhiteSpace(Current))
                    {
                        _objectStart = Raw.Length;
                    }
                    int offset = Offset;
                    switch (_scanner.Feed(Current, this))
                    {
                        case ScanStep.Consumed:
                            Consume(1);
                            break;
                        case ScanStep.Error:
                            Fail($"the JSON inside {Open} is not a call: {_scanner.Error} (offset {offset})", offset);
                            _state = State.Content;
                            break;
                        case ScanStep.Done:
                            Consume(1);
                            string json = Raw.ToString(_objectStart, Raw.Length - _objectStart);
                            int start = Offset - json.Length;
                            if (JsonError(json, start) is { } error)
                            {
                                Fail($"the JSON inside {Open} {error}", start);
                                _state = State.Content;
                                break;
                            }
                            FinishCall();
                            _state = State.AfterObject;
                            break;
                    }
                    break;
                case State.AfterObject:
                    int skip = 0;
                    while (Pos + skip < Text.Length && char.IsWhiteSpace(Text[Pos + skip]))
                    {
                        skip++;
                    }
                    if (Pos + skip == Text.Length && !Final)
                    {
                        return;
                    }
                    switch (Match(Close, skip))
                    {
                        case MarkerMatch.Partial:
                            return;
                        case MarkerMatch.Yes:
                            Consume(skip + Close.Length);
                            break;
                        default:
                            Diagnose(Offset + skip, Pos + skip == Text.Length ? $"missing {Close} at end of stream (the call was kept)" : $"missing {Close} after the call (the call was kept)", rescued: true);
                            break;
                    }
                    _state = State.Content;
                    break;
            }
        }
    }

    protected override void End()
    {
        if (_state == State.InObject)
        {
            Fail($"the stream ended inside {Open} before its JSON object was complete", Offset);
        }
        if (!AnyAttempt)
        {
            Diagnose(0, $"no {Open} tag", rescued: false);
        }
        _state = State.Content;
    }
}
