using System.Text.Json;
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
        // TODO 1. Get an HttpClient for the lab's endpoint (it already knows the address and the token):
        //             using var http = lab.CreateHttpClient();
        //
        // TODO 2. Build the request body. It is one JSON object:
        //             model       the model's name: lab.Model
        //             messages    an array of two objects, in this order:
        //                           role "system" with content = system
        //                           role "user"   with content = user
        //             max_tokens  a small limit such as 48
        //         A JsonObject (System.Text.Json.Nodes) or an anonymous object both work.
        //
        // TODO 3. Send it: POST /v1/chat/completions with a JSON body,
        //         for example http.PostAsJsonAsync("/v1/chat/completions", body, cancellationToken)
        //         (add "using System.Net.Http.Json;"). Check the status code.
        //
        // TODO 4. Read the answer (JsonDocument.Parse):
        //             choices[0].message.content   the assistant's text
        //             usage.prompt_tokens          tokens the model read
        //             usage.completion_tokens      tokens it wrote
        //             usage.total_tokens           the sum of both
        //         and return them as a ChatAnswer.
        throw new NotImplementedException("TODO: send the chat completion request (see the comments in AskAsync).");
    }
}
