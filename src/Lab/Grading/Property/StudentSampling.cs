using System.Text.Json;
using Workbench.Engine.Sampling;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// A student's sampling configuration (the file of a <c>target: sampling</c> exercise): a JSON object with any of
/// <c>temperature</c>, <c>top_k</c>, <c>top_p</c>, <c>min_p</c>, <c>repeat_penalty</c>, <c>repeat_last_n</c>,
/// <c>presence_penalty</c>, <c>frequency_penalty</c> and <c>max_tokens</c>, in OpenAI/llama-server names and
/// ranges. Seeds are fixed by the checks.
/// </summary>
/// <param name="Sampling">The parameters given, the others at their defaults (<see cref="SamplingOptions"/>).</param>
/// <param name="MaxTokens"><c>max_tokens</c>, or null to use the check's.</param>
/// <param name="HasTemperature">Whether <c>temperature</c> was given (otherwise the check's applies).</param>
internal sealed record StudentSampling(SamplingOptions Sampling, int? MaxTokens, bool HasTemperature)
{
    private static readonly string[] Known =
        ["temperature", "top_k", "top_p", "min_p", "repeat_penalty", "repeat_last_n", "presence_penalty", "frequency_penalty", "max_tokens"];

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    /// <returns>The configuration, or an error message for the student (bad JSON, unknown key, wrong type, out of range).</returns>
    public static (StudentSampling? Sampling, string? Error) Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return (null, $"Your sampling configuration is not valid JSON: {e.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, "Your sampling configuration must be a JSON object, for example {\"temperature\": 0.2}.");
            var options = new SamplingOptions();
            int? maxTokens = null;
            var hasTemperature = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!Known.Contains(property.Name))
                    return (null, $"Unknown sampling parameter '{property.Name}'. Known: {string.Join(", ", Known)}.");
                if (property.Value.ValueKind != JsonValueKind.Number)
                    return (null, $"'{property.Name}' must be a number.");
                var value = property.Value;
                bool IsInteger(out int result) => value.TryGetInt32(out result);
                switch (property.Name)
                {
                    case "temperature": options = options with { Temperature = value.GetSingle() }; hasTemperature = true; break;
                    case "top_p": options = options with { TopP = value.GetSingle() }; break;
                    case "min_p": options = options with { MinP = value.GetSingle() }; break;
                    case "repeat_penalty": options = options with { RepeatPenalty = value.GetSingle() }; break;
                    case "presence_penalty": options = options with { PresencePenalty = value.GetSingle() }; break;
                    case "frequency_penalty": options = options with { FrequencyPenalty = value.GetSingle() }; break;
                    case "top_k" when IsInteger(out var topK): options = options with { TopK = topK }; break;
                    case "repeat_last_n" when IsInteger(out var lastN): options = options with { RepeatLastN = lastN }; break;
                    case "max_tokens" when IsInteger(out var max) && max >= 1: maxTokens = max; break;
                    default: return (null, $"'{property.Name}' must be a whole number{(property.Name == "max_tokens" ? " of at least 1" : "")}.");
                }
            }
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                return (null, e.Message);
            }
            return (new StudentSampling(options, maxTokens, hasTemperature), null);
        }
    }
}
