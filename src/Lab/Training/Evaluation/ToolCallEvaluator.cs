using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Lab.Training.Corpus;

namespace Workbench.Lab.Training.Evaluation;

/// <summary>
/// The held-out evaluation through the real OpenAI API: for each case, one <c>POST chat/completions</c> (OpenAI
/// Chat Completions API) with the case's <c>tools</c>, its messages up to the first assistant turn,
/// <c>tool_choice: "auto"</c>, <c>temperature: 0</c> and <c>max_tokens: </c><see cref="MaxTokens"/>, then
/// <c>choices[0].message</c> (<c>tool_calls</c>, <c>content</c>) and <c>choices[0].finish_reason</c> are scored.
/// </summary>
/// <remarks>
/// <para>Scoring of one reply: it <b>attempted</b> a call when it has <c>tool_calls</c> or its content contains
/// <c>&lt;tool_call&gt;</c>; it is <b>valid</b> when it has <c>tool_calls</c>, no raw <c>&lt;tool_call&gt;</c> text
/// is left in the content, and every call names an offered tool with arguments that are a JSON object valid against
/// that tool's schema (<see cref="JsonSchemaValidator"/>). <b>Right tool</b>: the first call names the expected tool;
/// <b>right arguments</b>: also equal under <see cref="ToolCallArgumentComparer"/>. A case that expects no call is
/// right when nothing was attempted. An HTTP error or a body that is not a chat completion is recorded in the row
/// (<see cref="ToolCallEvalRow.Error"/>) and scores the case wrong; cancellation is thrown.</para>
/// <para>The URL: <c>chat/completions</c> relative to <see cref="HttpClient.BaseAddress"/> when it ends with
/// <c>/v1/</c>, else <c>v1/chat/completions</c> (the workbench's own server at its root).</para>
/// </remarks>
public static class ToolCallEvaluator
{
    /// <summary>The <c>max_tokens</c> of each request.</summary>
    public const int MaxTokens = 128;

    /// <summary>Evaluates <paramref name="model"/> on <paramref name="cases"/>, one request at a time.</summary>
    /// <param name="client">An HTTP client whose base address is the server (or its <c>/v1/</c>).</param>
    /// <param name="model">The <c>model</c> field.</param>
    /// <param name="cases">The cases (typically <c>Generate(n, CorpusSplit.HeldOut)</c>).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<ToolCallEvalReport> RunAsync(HttpClient client, string model, IReadOnlyList<CorpusConversation> cases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cases);
        string path = client.BaseAddress?.AbsolutePath.EndsWith("/v1/", StringComparison.Ordinal) == true ? "chat/completions" : "v1/chat/completions";
        var rows = new List<ToolCallEvalRow>(cases.Count);
        for (int i = 0; i < cases.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Add(await RunCaseAsync(client, path, model, i, cases[i], cancellationToken).ConfigureAwait(false));
        }
        return new ToolCallEvalReport(model, rows);
    }

    /// <summary>The request body sent for <paramref name="conversation"/>.</summary>
    public static JsonObject RequestBody(string model, CorpusConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray([.. conversation.PromptMessages.Select(m => m.DeepClone())]),
        };
        if (conversation.Tools.Count > 0)
        {
            body["tools"] = new JsonArray([.. conversation.Tools.Select(t => t.DeepClone())]);
            body["tool_choice"] = "auto";
        }
        body["temperature"] = 0;
        body["max_tokens"] = MaxTokens;
        return body;
    }

    private static async Task<ToolCallEvalRow> RunCaseAsync(HttpClient client, string path, string model, int index, CorpusConversation c, CancellationToken cancellationToken)
    {
        var expected = c.Expected;
        string? expectedArgs = expected.Arguments?.ToJsonString(ToolCorpusGenerator.Json);
        ToolCallEvalRow Failed(string error) =>
            new(index, c.FirstUserText, expected.ToolName, expectedArgs, null, null, null, null, Attempted: false, Valid: false, RightTool: false, RightArguments: false, error);

        JsonObject message;
        string? finish;
        try
        {
            using var response = await client.PostAsJsonAsync(path, RequestBody(model, c), cancellationToken).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return Failed($"HTTP {(int)response.StatusCode}: {Trim(text)}");
            var choice = (JsonNode.Parse(text) as JsonObject)?["choices"]?[0] as JsonObject;
            message = choice?["message"] as JsonObject ?? throw new JsonException("no choices[0].message");
            finish = choice!["finish_reason"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Failed($"{e.GetType().Name}: {Trim(e.Message)}");
        }

        string? content = message["content"] is JsonValue cv && cv.GetValueKind() == JsonValueKind.String ? cv.GetValue<string>() : null;
        var calls = message["tool_calls"] as JsonArray;
        bool raw = content?.Contains("<tool_call>", StringComparison.Ordinal) == true;
        bool attempted = calls is { Count: > 0 } || raw;
        bool valid = calls is { Count: > 0 } && !raw && calls.All(call => IsValid(call, c));
        string? name = null, args = null;
        if (calls is { Count: > 0 } && calls[0]?["function"] is JsonObject function)
        {
            name = function["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
            args = function["arguments"] is JsonValue a && a.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : function["arguments"]?.ToJsonString();
        }
        bool rightTool = expected.ToolName is not null && name == expected.ToolName;
        bool rightArgs = rightTool && ParseObject(args) is { } actual && ToolCallArgumentComparer.AreEqual(expected.ToolName!, expected.Arguments!, actual);
        return new ToolCallEvalRow(index, c.FirstUserText, expected.ToolName, expectedArgs, name, args, content, finish, attempted, attempted && valid, rightTool, rightArgs, null);
    }

    private static bool IsValid(JsonNode? call, CorpusConversation c)
    {
        if (call?["function"] is not JsonObject function || function["name"] is not JsonValue n || n.GetValueKind() != JsonValueKind.String) return false;
        string name = n.GetValue<string>();
        var tool = c.Tools.FirstOrDefault(t => (string?)t["function"]?["name"] == name);
        if (tool is null) return false;
        string? text = function["arguments"] is JsonValue a && a.GetValueKind() == JsonValueKind.String ? a.GetValue<string>() : null;
        if (ParseObject(text) is null) return false;
        if (tool["function"]?["parameters"] is not JsonObject schema) return true;
        using var schemaDoc = JsonDocument.Parse(schema.ToJsonString());
        return JsonSchemaValidator.Validate(schemaDoc.RootElement, text!).Count == 0;
    }

    private static JsonObject? ParseObject(string? text)
    {
        if (text is null) return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Trim(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
