using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Lab.Training.Runs;

/// <summary>
/// Applies one stdout line of <c>Workbench.Train --json</c> (the JSON-lines protocol: <c>phase</c>, <c>step</c>,
/// <c>sample</c>, <c>eval</c>, <c>done</c>, <c>error</c>; snake_case) to a run's record. The child is untrusted: a
/// line that is not a JSON object with a known <c>type</c> and well-typed fields is a protocol error, and text is
/// capped (<see cref="MaxTextLength"/>).
/// </summary>
internal static class TrainingProtocolReader
{
    /// <summary>The longest sample text or message kept, in characters; longer is cut with "…".</summary>
    public const int MaxTextLength = 4000;

    /// <summary>The most points and samples kept per run (a child flooding lines cannot grow the record without bound).</summary>
    public const int MaxPoints = 5000, MaxSamples = 200;

    /// <summary>What one line meant.</summary>
    public enum LineKind
    {
        /// <summary>Progress (phase, step, sample, eval): the record was updated.</summary>
        Progress,

        /// <summary><c>done</c>: the model's numbers were recorded.</summary>
        Done,

        /// <summary><c>error</c>: the child's message is in <see cref="TrainingRunRecord.Error"/>.</summary>
        Error,
    }

    /// <summary>Applies <paramref name="line"/> to <paramref name="record"/>.</summary>
    /// <returns>The kind and the new record.</returns>
    /// <exception cref="FormatException">The line is not the protocol (the message quotes its start).</exception>
    public static (LineKind Kind, TrainingRunRecord Record) Apply(string line, TrainingRunRecord record)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(line) as JsonObject ?? throw new FormatException(NotProtocol(line));
        }
        catch (JsonException)
        {
            throw new FormatException(NotProtocol(line));
        }
        var type = Text(json, "type", line);
        switch (type)
        {
            case "phase":
                return (LineKind.Progress, record with { Phase = Cap(Text(json, "phase", line)) });
            case "step":
                var point = new TrainingRunPoint((int)Number(json, "step", line), (int)Number(json, "steps", line), Number(json, "loss", line),
                    Number(json, "learning_rate", line), Number(json, "tokens_per_second", line), (long)Number(json, "elapsed_ms", line));
                return (LineKind.Progress, record.Points.Count >= MaxPoints ? record : record with { Points = [.. record.Points, point], Phase = "train" });
            case "sample":
                var sample = new TrainingRunSample((int)Number(json, "step", line), Cap(Text(json, "prompt", line)), Cap(Text(json, "text", line)));
                return (LineKind.Progress, record.Samples.Count >= MaxSamples ? record : record with { Samples = [.. record.Samples, sample] });
            case "eval":
                return (LineKind.Progress, record with { Phase = "eval" });
            case "done":
                return (LineKind.Done, record with
                {
                    Parameters = (long)Number(json, "parameters", line),
                    SizeInBytes = (long)Number(json, "bytes", line),
                    FinalLoss = Number(json, "final_loss", line),
                });
            case "error":
                return (LineKind.Error, record with { Error = Cap(Text(json, "message", line)) });
            default:
                throw new FormatException(NotProtocol(line));
        }
    }

    private static string Text(JsonObject json, string name, string line) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException(NotProtocol(line));

    private static double Number(JsonObject json, string name, string line) =>
        json[name] is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number) ? number
        : throw new FormatException(NotProtocol(line));

    private static string Cap(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";

    private static string NotProtocol(string line) =>
        $"The trainer printed a line that is not its protocol: {(line.Length <= 120 ? line : line[..120] + "…")}";
}
