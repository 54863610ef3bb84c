using System.Text;
using System.Text.Json;
using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tools.Parsing;

/// <summary>The plumbing the four parsers share: the unconsumed input, content release with marker hold-back, the
/// raw text of the call being read (given back as content when it fails), call start/arguments/finish/fail events.
/// A parser is a state machine whose <see cref="Run"/> consumes what it can decide and returns when it needs more
/// text; every decision depends on characters only, never on how the text was cut into pushes.</summary>
internal abstract class StreamParserBase : ToolCallStreamParser, IJsonCallSink
{
    private readonly StringBuilder _content = new();
    private readonly StringBuilder _pendingArguments = new();
    private readonly StringBuilder _arguments = new();
    private readonly StringBuilder _raw = new();
    private List<ToolCallEvent> _events = [];
    private string _text = "";
    private int _textStart;
    private bool _completed;
    private bool _inAttempt;
    private int _nextIndex;
    private int _index = -1;
    private string _id = "";
    private string _name = "";

    protected StreamParserBase(ToolSet tools) => Tools = tools;

    protected ToolSet Tools { get; }

    /// <summary>The next unconsumed character's index in <see cref="Text"/>.</summary>
    protected int Pos { get; private set; }

    /// <summary>The unconsumed input (from <see cref="Pos"/>).</summary>
    protected string Text => _text;

    /// <summary>True during <see cref="Complete"/>: no more text comes.</summary>
    protected bool Final { get; private set; }

    protected bool HasChar => Pos < _text.Length;

    protected char Current => _text[Pos];

    /// <summary>Absolute offset (in the whole reply) of the next unconsumed character.</summary>
    protected int Offset => _textStart + Pos;

    /// <summary>Whether any call was attempted (for the "no marker" diagnostic).</summary>
    protected bool AnyAttempt { get; private set; }

    protected bool CallStarted => _index >= 0;

    protected string CallName => _name;

    /// <summary>The raw text of the current attempt so far.</summary>
    protected StringBuilder Raw => _raw;

    public sealed override IReadOnlyList<ToolCallEvent> Push(string textDelta)
    {
        ArgumentNullException.ThrowIfNull(textDelta);
        if (_completed)
        {
            throw new InvalidOperationException("Complete() was already called on this parser.");
        }
        _text = Pos == _text.Length ? textDelta : string.Concat(_text.AsSpan(Pos), textDelta);
        _textStart += Pos;
        Pos = 0;
        Run();
        return Drain();
    }

    public sealed override IReadOnlyList<ToolCallEvent> Complete()
    {
        if (_completed)
        {
            throw new InvalidOperationException("Complete() was already called on this parser.");
        }
        Final = true;
        Run();
        End();
        if (HasChar)
        {
            EmitContent(_text.Length - Pos);
        }
        _completed = true;
        return Drain();
    }

    /// <summary>Consumes what can be decided; returns when more text is needed (or, when <see cref="Final"/>, when
    /// the state cannot go further).</summary>
    protected abstract void Run();

    /// <summary>End of stream in whatever state <see cref="Run"/> left: rescue or fail the open call, report why there
    /// was none.</summary>
    protected abstract void End();

    /// <summary>Consumes <paramref name="count"/> characters into the current attempt's raw text.</summary>
    protected void Consume(int count)
    {
        if (_inAttempt)
        {
            _raw.Append(_text, Pos, count);
        }
        Pos += count;
    }

    /// <summary>Releases <paramref name="count"/> characters as content.</summary>
    protected void EmitContent(int count)
    {
        if (count > 0)
        {
            FlushArguments();
            _content.Append(_text, Pos, count);
            Pos += count;
        }
    }

    /// <summary>In content: releases text up to the earliest marker and returns that marker's index (the marker is not
    /// consumed), or releases all but a possible marker prefix and returns -1.</summary>
    protected int ScanContent(string[] markers)
    {
        ReadOnlySpan<char> rest = _text.AsSpan(Pos);
        int best = -1, bestAt = int.MaxValue;
        for (int m = 0; m < markers.Length; m++)
        {
            int at = rest.IndexOf(markers[m], StringComparison.Ordinal);
            if (at >= 0 && at < bestAt)
            {
                best = m;
                bestAt = at;
            }
        }
        if (best >= 0)
        {
            EmitContent(bestAt);
            return best;
        }
        EmitContent(rest.Length - (Final ? 0 : MarkerText.HeldBack(rest, markers)));
        return -1;
    }

    /// <summary>Whether the unconsumed text at <see cref="Pos"/> + <paramref name="skip"/> starts with
    /// <paramref name="literal"/>: <see cref="MarkerMatch.Partial"/> while it is a proper prefix and more text may come.</summary>
    protected MarkerMatch Match(string literal, int skip = 0) => MarkerText.Match(_text.AsSpan(Pos + skip), literal, Final);

    /// <summary>Begins reading a possible call at <see cref="Pos"/>: from here consumed text is kept, to give back.</summary>
    protected void BeginAttempt()
    {
        _inAttempt = true;
        _raw.Clear();
        AnyAttempt = true;
    }

    /// <summary>Emits <see cref="ToolCallStarted"/>; <paramref name="id"/> null generates one.</summary>
    protected void StartCall(string name, string? id)
    {
        FlushContent();
        _index = _nextIndex++;
        _name = name;
        _id = id ?? NewId();
        _arguments.Clear();
        _events.Add(new ToolCallStarted(_index, _id, name));
    }

    protected virtual string NewId() => ToolCallIds.NewOpenAiId();

    /// <summary>Appends to the started call's arguments (coalesced into one delta per push).</summary>
    protected void Arguments(char c)
    {
        _pendingArguments.Append(c);
        _arguments.Append(c);
    }

    protected void Arguments(string fragment)
    {
        _pendingArguments.Append(fragment);
        _arguments.Append(fragment);
    }

    /// <summary>The arguments written so far.</summary>
    protected string ArgumentsSoFar => _arguments.ToString();

    /// <summary>Emits <see cref="ToolCallFinished"/> and ends the attempt.</summary>
    protected void FinishCall()
    {
        FlushArguments();
        _events.Add(new ToolCallFinished(_index, new ToolCall(_id, _name, _arguments.ToString())));
        _index = -1;
        _inAttempt = false;
        _raw.Clear();
    }

    /// <summary>Fails the attempt: <see cref="ToolCallFailed"/> when it had started, the diagnostic, and its raw text
    /// back as content. The character at <see cref="Pos"/> is not consumed: content scanning goes on from it.</summary>
    protected void Fail(string message, int offset)
    {
        FlushArguments();
        if (_index >= 0)
        {
            _events.Add(new ToolCallFailed(_index));
            _index = -1;
        }
        Diagnose(offset, message, rescued: false);
        _content.Append(_raw);
        _raw.Clear();
        _inAttempt = false;
    }

    protected void Diagnose(int offset, string message, bool rescued)
    {
        FlushContent();
        FlushArguments();
        _events.Add(new ToolCallDiagnosticReported(new ToolCallDiagnostic(offset, message, rescued)));
    }

    /// <summary>Null when <paramref name="json"/> parses; else "does not parse at offset N: …" with N absolute
    /// (<paramref name="start"/> is the offset of its first character).</summary>
    protected static string? JsonError(string json, int start)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return null;
        }
        catch (JsonException ex)
        {
            return $"does not parse at offset {start + MarkerText.CharOffset(json, ex)}: {FirstSentence(ex.Message)}";
        }
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }

    private void FlushContent()
    {
        if (_content.Length > 0)
        {
            _events.Add(new ContentDelta(_content.ToString()));
            _content.Clear();
        }
    }

    private void FlushArguments()
    {
        if (_pendingArguments.Length > 0)
        {
            _events.Add(new ToolCallArgumentsDelta(_index, _pendingArguments.ToString()));
            _pendingArguments.Clear();
        }
    }

    string? IJsonCallSink.RejectName(string name) => Tools.Reject(name);

    void IJsonCallSink.StartCall(string name, string? id) => StartCall(name, id);

    void IJsonCallSink.Arguments(char c) => Arguments(c);

    void IJsonCallSink.Arguments(string fragment) => Arguments(fragment);

    private List<ToolCallEvent> Drain()
    {
        FlushArguments();
        FlushContent();
        List<ToolCallEvent> events = _events;
        _events = [];
        return events;
    }
}
