using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.LabSdk;

/// <summary>The assistant's reply and the token counts the server reported in <c>usage</c>.</summary>
public sealed record ChatAnswer(string Text, int PromptTokens, int CompletionTokens, int TotalTokens);

public static class Solution
{
    /// <summary>
    /// Asks the lab's model one question: a system message, then a user message.
    /// Returns the assistant's text and the usage figures of that call.
    /// </summary>
    public static async Task<ChatAnswer> AskAsync(LabContext lab, string system, string user, CancellationToken cancellationToken)
    {
        using var http = lab.CreateHttpClient();

        // The whole conversation travels in every request: the model keeps no state between calls.
        var body = new JsonObject
        {
            ["model"] = lab.Model,
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = system },
                new JsonObject { ["role"] = "user", ["content"] = user }),
            ["max_tokens"] = 48,
        };

        using var response = await http.PostAsJsonAsync("/v1/chat/completions", body, cancellationToken);
        response.EnsureSuccessStatusCode();

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        var root = json.RootElement;

        var text = root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() ?? "";
        var usage = root.GetProperty("usage");
        return new ChatAnswer(
            text,
            usage.GetProperty("prompt_tokens").GetInt32(),
            usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
    }
}
