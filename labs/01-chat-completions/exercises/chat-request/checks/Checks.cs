// Hidden checks of lab 01 "chat-request". Compiled alone and run in the grading process, never in the sandbox and
// never served to students. Each check calls the harness operation "ask" (Solution.AskAsync in the sandbox) once
// per trial and compares what the student's code returned with what actually went over the wire, as the grading
// gateway recorded it (context.Exchanges).
using System.Text.Json;
using Workbench.LabSdk;

namespace Workbench.Labs.ChatCompletions;

public static class ChatRequestChecks
{
    private const string ChatPath = "/v1/chat/completions";

    // Plain text only: the lab's story model cannot encode characters such as { } [ ] # = + / * @.
    private static readonly (string System, string User)[] Inputs =
    [
        ("You are a helpful assistant.", "Tell me a story about a cat."),
        ("You tell short stories for small children.", "Once upon a time there was a little dog named Max."),
    ];

    [Check("uses-chat-completions")]
    public static async Task UsesChatCompletions(CheckContext context)
    {
        await AskAsync(context);
        var exchanges = context.Exchanges;
        if (exchanges.Count == 0)
            throw new CheckFailedException("AskAsync made no request. Send it with the HttpClient from lab.CreateHttpClient().");
        var chat = exchanges.Where(e => e.Path == ChatPath).ToList();
        if (chat.Count == 0)
            throw new CheckFailedException($"AskAsync sent {Describe(exchanges[0])}; chat messages go to POST {ChatPath}.");
        if (exchanges.Count != 1)
            throw new CheckFailedException($"AskAsync made {exchanges.Count} requests; one POST {ChatPath} is enough.");
        var exchange = chat[0];
        if (exchange.Method != "POST")
            throw new CheckFailedException($"AskAsync sent {Describe(exchange)}; the endpoint expects POST.");
        if (exchange.StatusCode != 200)
            throw new CheckFailedException($"The server answered {exchange.StatusCode}: {ErrorMessage(exchange.ResponseBody)}");
    }

    [Check("sends-system-and-user")]
    public static async Task SendsSystemAndUser(CheckContext context)
    {
        var (input, _, exchange) = await AskAndFindAsync(context);
        using var request = ParseJson(exchange.RequestBody, "The request body");
        if (!request.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            throw new CheckFailedException("The request has no \"messages\" array.");
        if (messages.GetArrayLength() != 2)
            throw new CheckFailedException($"The request has {messages.GetArrayLength()} messages; expected 2 (system, then user).");
        ExpectMessage(messages[0], 0, "system", input.System);
        ExpectMessage(messages[1], 1, "user", input.User);
    }

    [Check("returns-text")]
    public static async Task ReturnsText(CheckContext context)
    {
        var (_, answer, exchange) = await AskAndFindAsync(context);
        using var response = ParseJson(exchange.ResponseBody, "The response");
        var content = response.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        if (answer.Text != content)
            throw new CheckFailedException($"AskAsync returned the text {Quote(answer.Text)}, but the response's choices[0].message.content was {Quote(content)}.");
    }

    [Check("returns-usage")]
    public static async Task ReturnsUsage(CheckContext context)
    {
        var (_, answer, exchange) = await AskAndFindAsync(context);
        using var response = ParseJson(exchange.ResponseBody, "The response");
        var usage = response.RootElement.GetProperty("usage");
        Expect("PromptTokens", answer.PromptTokens, "usage.prompt_tokens", usage.GetProperty("prompt_tokens").GetInt32());
        Expect("CompletionTokens", answer.CompletionTokens, "usage.completion_tokens", usage.GetProperty("completion_tokens").GetInt32());
        Expect("TotalTokens", answer.TotalTokens, "usage.total_tokens", usage.GetProperty("total_tokens").GetInt32());
        if (answer.TotalTokens != answer.PromptTokens + answer.CompletionTokens)
            throw new CheckFailedException("TotalTokens should be PromptTokens + CompletionTokens.");
    }

    private static (string System, string User) InputFor(CheckContext context) => Inputs[(context.Trial - 1) % Inputs.Length];

    private static async Task<ChatAnswer> AskAsync(CheckContext context)
    {
        var input = InputFor(context);
        var answer = await context.CallAsync<ChatAnswer>("ask", new { system = input.System, user = input.User });
        return answer ?? throw new CheckFailedException("AskAsync returned null.");
    }

    /// <summary>The student's ChatAnswer as the harness sends it.</summary>
    private sealed record ChatAnswer(string? Text, int PromptTokens, int CompletionTokens, int TotalTokens);

    /// <summary>Calls the student's code, then finds its successful chat request among the recorded exchanges.</summary>
    private static async Task<((string System, string User) Input, ChatAnswer Answer, HttpExchange Exchange)> AskAndFindAsync(CheckContext context)
    {
        var answer = await AskAsync(context);
        var exchange = context.Exchanges.LastOrDefault(e => e.Path == ChatPath)
            ?? throw new CheckFailedException($"No request reached POST {ChatPath}. Send it with the HttpClient from lab.CreateHttpClient().");
        if (exchange.StatusCode != 200)
            throw new CheckFailedException($"The server answered {exchange.StatusCode}: {ErrorMessage(exchange.ResponseBody)}");
        return (InputFor(context), answer, exchange);
    }

    private static void ExpectMessage(JsonElement message, int index, string role, string content)
    {
        var actualRole = message.TryGetProperty("role", out var r) ? r.GetString() : null;
        if (actualRole != role)
            throw new CheckFailedException($"messages[{index}].role was {Quote(actualRole)}; expected \"{role}\".");
        var actualContent = message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (actualContent != content)
            throw new CheckFailedException($"messages[{index}].content was {Quote(actualContent)}; expected the {role} text passed to AskAsync, {Quote(content)}.");
    }

    private static void Expect(string property, int actual, string field, int expected)
    {
        if (actual != expected)
            throw new CheckFailedException($"{property} was {actual}, but the response's {field} was {expected}.");
    }

    private static JsonDocument ParseJson(string text, string what)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new CheckFailedException($"{what} is not valid JSON: {e.Message}");
        }
    }

    private static string ErrorMessage(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("error").GetProperty("message").GetString() ?? body;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body;
        }
    }

    private static string Describe(HttpExchange exchange) => $"{exchange.Method} {exchange.Path}";

    private static string Quote(string? text) => text is null ? "null" : JsonSerializer.Serialize(text);
}
