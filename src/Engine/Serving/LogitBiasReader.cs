using System.Globalization;
using System.Text.Json;

namespace Workbench.Engine.Serving;

/// <summary>
/// Reads OpenAI's <c>logit_bias</c> (Chat Completions reference): a JSON object mapping token ids, written as
/// strings (<c>{"50256": -100}</c>), to a bias from −100 to 100 that llama.cpp's logit-bias sampler adds to the
/// token's logit (−100 in practice bans a token, +100 forces it). Every other shape is a 400 naming
/// <c>logit_bias</c>.
/// </summary>
internal static class LogitBiasReader
{
    /// <summary>The most entries accepted (OpenAI's documented limit is 300 tokens).</summary>
    public const int MaxEntries = 300;

    /// <summary>The bias range, inclusive.</summary>
    public const float MinBias = -100, MaxBias = 100;

    /// <summary>Parses and validates the field.</summary>
    /// <param name="value">The field as sent, or null when absent.</param>
    /// <param name="vocabSize">n_vocab of the loaded model, or null when unknown (ids are then only checked ≥ 0).</param>
    /// <returns>token id → bias, or null when absent, null or empty.</returns>
    /// <exception cref="ApiRequestException">Not an object, a key that is not a token id, a bias out of range.</exception>
    public static IReadOnlyDictionary<int, float>? Read(JsonElement? value, int? vocabSize)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid("'logit_bias' must be an object mapping token ids to a bias from -100 to 100, for example {\"42\": -100}.");
        var biases = new Dictionary<int, float>();
        foreach (var entry in element.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var token)
                || (vocabSize is { } n && token >= n))
            {
                throw Invalid(vocabSize is { } size
                    ? $"'logit_bias' key '{entry.Name}' is not a token id of this model (0 to {size - 1})."
                    : $"'logit_bias' key '{entry.Name}' is not a token id (a non-negative integer).");
            }
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetSingle(out var bias)
                || !float.IsFinite(bias) || bias is < MinBias or > MaxBias)
            {
                throw Invalid($"'logit_bias' value of token {token} must be a number from -100 to 100.");
            }
            biases[token] = bias;
            if (biases.Count > MaxEntries) throw Invalid($"'logit_bias' accepts at most {MaxEntries} tokens.");
        }
        return biases.Count == 0 ? null : biases;
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
