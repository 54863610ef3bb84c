using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>Raw HTTP helpers for the API tests.</summary>
internal static class ApiTestJson
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(object value) => Json(JsonSerializer.Serialize(value));

    public static async Task<(int Status, JsonNode Body)> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsync(path, body is string s ? Json(s) : Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!);
    }

    /// <summary>Posts and returns the raw text of a server-sent-event response.</summary>
    public static async Task<(HttpResponseMessage Response, string Text)> PostStreamAsync(HttpClient http, string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asserts the OpenAI error envelope and returns its error object.</summary>
    public static JsonNode AssertError(JsonNode body, string type, string? param = null, string? code = null)
    {
        var error = body["error"] ?? throw new Xunit.Sdk.XunitException("no error object in " + body.ToJsonString());
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        Assert.Equal(type, (string?)error["type"]);
        var obj = error.AsObject();
        Assert.True(obj.ContainsKey("param") && obj.ContainsKey("code"), "param and code are always present");
        if (param is not null) Assert.Equal(param, (string?)error["param"]);
        if (code is not null) Assert.Equal(code, (string?)error["code"]);
        return error;
    }
}
