using System.Globalization;
using System.Text.Json;
using Workbench.Engine.Requests;

namespace Workbench.Engine.Serving;

/// <summary>
/// Reads OpenAI's <c>logit_bias</c> (Chat Completions reference): a JSON object mapping token ids, written as
/// strings (<c>{"50256": -100}</c>), to a bias from −100 to 100 that llama.cpp's logit-bias sampler adds to the
/// token's logit (−100 in practice bans a token, +100 forces it). Every other shape is a 400 naming
/// <c>logit_bias</c>; the token ids and ranges are <see cref="RequestValidator"/>'s.
/// </summary>
internal static class LogitBiasReader
{
    /// <summary>Reads the field's shape; the keys and ranges are checked by <see cref="RequestValidator"/> (against
    /// <see cref="RequestLimits"/> and the loaded model's vocabulary).</summary>
    /// <param name="value">The field as sent, or null when absent.</param>
    /// <returns>token id text → bias, or null when absent or null.</returns>
    /// <exception cref="ApiRequestException">Not an object, or a value that is not a number.</exception>
    public static IReadOnlyDictionary<string, float>? Read(JsonElement? value)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid("'logit_bias' must be an object mapping token ids to a bias from -100 to 100, for example {\"42\": -100}.");
        var biases = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetSingle(out var bias) || !float.IsFinite(bias))
                throw Invalid($"'logit_bias' value of token {entry.Name} must be a number from -100 to 100.");
            biases[entry.Name] = bias;
            if (biases.Count > RequestLimits.MaxLogitBiasEntries)
                throw Invalid($"'logit_bias' accepts at most {RequestLimits.MaxLogitBiasEntries} tokens.");
        }
        return biases;
    }

    /// <summary>The wire form of <paramref name="biases"/> (for <see cref="RemoteInferenceEngine"/>): the object
    /// <see cref="Read"/> accepts.</summary>
    public static JsonElement ToJson(IReadOnlyDictionary<int, float> biases)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (token, bias) in biases) writer.WriteNumber(token.ToString(CultureInfo.InvariantCulture), bias);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static ApiRequestException Invalid(string message) => new(message, "logit_bias", "invalid_value");
}
