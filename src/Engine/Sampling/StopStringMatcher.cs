namespace Workbench.Engine.Sampling;

/// <summary>
/// Finds stop strings in streamed text (OpenAI <c>stop</c>). Text that could be the start of a stop string is
/// held back until the next piece shows whether it is; when a stop string appears, the text before it is
/// released and everything from the stop string on is dropped.
/// </summary>
/// <remarks>Not thread-safe: one matcher per generation, fed by the scheduler thread.</remarks>
internal sealed class StopStringMatcher
{
    private readonly string[] stops;
    private string pending = "";

    /// <summary>Creates a matcher for <paramref name="stops"/> (empty strings are ignored).</summary>
    public StopStringMatcher(IReadOnlyList<string> stops) =>
        this.stops = stops.Where(s => s.Length > 0).ToArray();

    /// <summary>Whether a stop string has been found; later input is ignored.</summary>
    public bool Matched { get; private set; }

    /// <summary>Adds a piece of generated text and returns the text that is now safe to emit (possibly empty).</summary>
    public string Append(string text)
    {
        if (Matched) return "";
        var buffer = pending + text;
        if (stops.Length == 0)
        {
            pending = "";
            return buffer;
        }

        // 1. A complete stop string: emit what precedes the earliest one and stop.
        var earliest = -1;
        foreach (var stop in stops)
        {
            var index = buffer.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (earliest < 0 || index < earliest)) earliest = index;
        }
        if (earliest >= 0)
        {
            Matched = true;
            pending = "";
            return buffer[..earliest];
        }

        // 2. Hold back the longest tail of the buffer that is a proper prefix of some stop string.
        var hold = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, buffer.Length); length > hold; length--)
            {
                if (char.IsHighSurrogate(stop[length - 1])) continue; // never split a surrogate pair
                if (buffer.EndsWith(stop[..length], StringComparison.Ordinal))
                {
                    hold = length;
                    break;
                }
            }
        }
        pending = buffer[^hold..];
        return buffer[..^hold];
    }

    /// <summary>Ends the stream: returns any held-back text (it was not a stop string after all).</summary>
    public string Flush()
    {
        var rest = Matched ? "" : pending;
        pending = "";
        return rest;
    }
}
