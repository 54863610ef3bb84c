using System.Text;
using System.Text.Json;

namespace Workbench.Engine.Tools.Parsing;

/// <summary>Reads one call object (<c>{"name": …, "arguments": {…}}</c>, keys in any order, other keys skipped) a
/// character at a time, for the JSON formats (Hermes, Llama 3.1, Mistral's array form). The call starts when its
/// arguments begin and its name is known (arguments written before the name are held until it comes); argument text
/// streams with whitespace outside strings removed. Arguments serialized as a JSON string holding an object are
/// decoded (Granite/Hermes variants do this).</summary>
internal sealed class JsonCallScanner(string[] argumentKeys, bool readsId)
{
    private enum State { Open, KeyOrEnd, Key, Colon, ValueStart, Value, AfterValue }

    private enum Role { Skip, Name, Id, Arguments, StringArguments }

    private readonly StringBuilder _key = new();
    private readonly StringBuilder _scalar = new();
    private readonly StringBuilder _held = new();
    private JsonValueScanner _value;
    private State _state;
    private Role _role;
    private bool _keyEscape;
    private bool _argumentsSeen;
    private bool _started;

    /// <summary>The call's name once read.</summary>
    public string? Name { get; private set; }

    /// <summary>The first key of the object (Llama 3.1 uses it to tell a call from other JSON).</summary>
    public string? FirstKey { get; private set; }

    /// <summary>Why the object is not a call, after <see cref="ScanStep.Error"/>.</summary>
    public string Error { get; private set; } = "";

    private string? _id;

    public void Reset()
    {
        _state = State.Open;
        _key.Clear();
        _scalar.Clear();
        _held.Clear();
        _argumentsSeen = _started = _keyEscape = false;
        Name = _id = FirstKey = null;
        Error = "";
    }

    /// <summary>Feeds one character: <see cref="ScanStep.Consumed"/>, <see cref="ScanStep.Done"/> (the closing brace,
    /// consumed; the call has started and has all its arguments) or <see cref="ScanStep.Error"/> (not consumed).</summary>
    public ScanStep Feed(char c, IJsonCallSink sink)
    {
        while (true)
        {
            switch (_state)
            {
                case State.Open:
                    if (char.IsWhiteSpace(c))
                    {
                        return ScanStep.Consumed;
                    }
                    if (c != '{')
                    {
                        return Fail($"expected a JSON object, found '{c}'");
                    }
                    _state = State.KeyOrEnd;
                    return ScanStep.Consumed;
                case State.KeyOrEnd:
                    if (char.IsWhiteSpace(c))
                    {
                        return ScanStep.Consumed;
                    }
                    if (c == '"')
                    {
                        _key.Clear();
                        _state = State.Key;
                        return ScanStep.Consumed;
                    }
                    return c == '}' ? End(sink) : Fail($"expected a key string, found '{c}'");
                case State.Key:
                    if (_keyEscape)
                    {
                        _keyEscape = false;
                    }
                    else if (c == '\\')
                    {
                        _keyEscape = true;
                    }
                    else if (c == '"')
                    {
                        FirstKey ??= _key.ToString();
                        _state = State.Colon;
                        return ScanStep.Consumed;
                    }
                    _key.Append(c);
                    return ScanStep.Consumed;
                case State.Colon:
                    if (char.IsWhiteSpace(c))
                    {
                        return ScanStep.Consumed;
                    }
                    if (c != ':')
                    {
                        return Fail($"expected ':' after the key \"{_key}\", found '{c}'");
                    }
                    _state = State.ValueStart;
                    return ScanStep.Consumed;
                case State.ValueStart:
                    if (char.IsWhiteSpace(c))
                    {
                        return ScanStep.Consumed;
                    }
                    return BeginValue(c, sink);
                case State.Value:
                    bool significant = _value.InString || !char.IsWhiteSpace(c);
                    ValueStep step = _value.Feed(c, first: false);
                    if (step == ValueStep.EndedBefore)
                    {
                        EndValue(sink);
                        if (Error.Length > 0)
                        {
                            return ScanStep.Error;
                        }
                        _state = State.AfterValue;
                        continue; // the character belongs to what follows the value
                    }
                    Take(c, significant, sink);
                    if (step == ValueStep.End)
                    {
                        EndValue(sink);
                        if (Error.Length > 0)
                        {
                            return ScanStep.Error;
                        }
                        _state = State.AfterValue;
                    }
                    return ScanStep.Consumed;
                case State.AfterValue:
                    if (char.IsWhiteSpace(c))
                    {
                        return ScanStep.Consumed;
                    }
                    if (c == ',')
                    {
                        _state = State.KeyOrEnd;
                        return ScanStep.Consumed;
                    }
                    return c == '}' ? End(sink) : Fail($"expected ',' or '}}' after the value of \"{_key}\", found '{c}'");
            }
        }
    }

    private ScanStep BeginValue(char c, IJsonCallSink sink)
    {
        string key = _key.ToString();
        _role = key == "name" && Name is null ? Role.Name
            : key == "id" && readsId ? Role.Id
            : Array.IndexOf(argumentKeys, key) >= 0 && !_argumentsSeen ? Role.Arguments
            : Role.Skip;
        if (_role == Role.Name && c != '"')
        {
            return Fail("'name' is not a string");
        }
        if (_role == Role.Id && c != '"')
        {
            _role = Role.Skip;
        }
        if (_role == Role.Arguments)
        {
            _argumentsSeen = true;
            if (c == '"')
            {
                _role = Role.StringArguments;
            }
            else if (c != '{')
            {
                return Fail($"'{key}' is not an object (it starts with '{c}')");
            }
            else if (Name is not null)
            {
                Start(sink);
            }
        }
        _scalar.Clear();
        ValueStep step = _value.Feed(c, first: true);
        Take(c, significant: true, sink);
        _state = State.Value;
        if (step == ValueStep.End)
        {
            EndValue(sink);
            _state = State.AfterValue;
            return Error.Length > 0 ? ScanStep.Error : ScanStep.Consumed;
        }
        return ScanStep.Consumed;
    }

    private void Take(char c, bool significant, IJsonCallSink sink)
    {
        switch (_role)
        {
            case Role.Name or Role.Id or Role.StringArguments:
                _scalar.Append(c);
                break;
            case Role.Arguments when significant:
                if (_started)
                {
                    sink.Arguments(c);
                }
                else
                {
                    _held.Append(c);
                }
                break;
        }
    }

    private void EndValue(IJsonCallSink sink)
    {
        switch (_role)
        {
            case Role.Name:
                string? name = DecodeString(_scalar.ToString());
                if (name is null)
                {
                    Error = "'name' is not a valid JSON string";
                    return;
                }
                if (sink.RejectName(name) is { } rejected)
                {
                    Error = rejected;
                    return;
                }
                Name = name;
                if (_argumentsSeen)
                {
                    Start(sink);
                }
                break;
            case Role.Id:
                _id = DecodeString(_scalar.ToString());
                break;
            case Role.StringArguments:
                string? inner = DecodeString(_scalar.ToString());
                string? compact = inner is null ? null : CompactObject(inner);
                if (compact is null)
                {
                    Error = "'arguments' is a string that does not hold a JSON object";
                    return;
                }
                _held.Append(compact);
                if (Name is not null)
                {
                    Start(sink);
                }
                break;
        }
    }

    private ScanStep End(IJsonCallSink sink)
    {
        if (Name is null)
        {
            return Fail("'name' missing");
        }
        if (!_argumentsSeen)
        {
            return Fail($"'{string.Join("' or '", argumentKeys)}' missing");
        }
        if (!_started)
        {
            Start(sink);
        }
        return ScanStep.Done;
    }

    private void Start(IJsonCallSink sink)
    {
        if (_started)
        {
            return;
        }
        _started = true;
        sink.StartCall(Name!, _id);
        if (_held.Length > 0)
        {
            sink.Arguments(_held.ToString());
            _held.Clear();
        }
    }

    private ScanStep Fail(string message)
    {
        Error = message;
        return ScanStep.Error;
    }

    private static string? DecodeString(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ParsingJsonContext.Default.String);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The compact text of <paramref name="json"/> when it is a JSON object; else null.</summary>
    public static string? CompactObject(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Compact(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The compact JSON text of <paramref name="element"/> (no whitespace, strings re-escaped minimally).</summary>
    public static string Compact(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>What a character did to a <see cref="JsonCallScanner"/>.</summary>
internal enum ScanStep
{
    Consumed,
    Done,
    Error,
}
