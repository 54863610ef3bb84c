using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Auth;

/// <summary>A browser-like client of the test app: its own cookie jar, no automatic redirects, and the account
/// forms (sign-in, join, sign-out) posted as a browser would, antiforgery token included.</summary>
public sealed partial class WebUser : IDisposable
{
    private readonly CookieContainerHandler _cookies = new();

    public WebUser(WorkbenchAppFactory app)
    {
        App = app;
        Http = app.CreateDefaultClient(new Uri("http://localhost"), _cookies);
    }

    public WorkbenchAppFactory App { get; }

    public HttpClient Http { get; }

    /// <summary>The Cookie header this user sends (for the hub's WebSocket).</summary>
    public string CookieHeader => _cookies.Container.GetCookieHeader(Http.BaseAddress!);

    /// <summary>Whether the sign-in cookie is set.</summary>
    public bool HasAuthCookie => CookieHeader.Contains(".Workbench.Auth=", StringComparison.Ordinal);

    /// <summary>Posts the sign-in form; returns the redirect's target.</summary>
    public Task<Uri> SignInAsync(string userName, string password) =>
        PostFormAsync("/account/login", "/account/login", new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/classes" });

    /// <summary>Posts the join form; returns the redirect's target.</summary>
    public Task<Uri> JoinAsync(string code, string displayName) =>
        PostFormAsync("/join", "/account/join", new() { ["joinCode"] = code, ["displayName"] = displayName });

    /// <summary>Posts the sign-back-in form; returns the redirect's target.</summary>
    public Task<Uri> RejoinAsync(string code, string displayName, string reentryCode) =>
        PostFormAsync("/account/rejoin", "/account/rejoin", new() { ["joinCode"] = code, ["displayName"] = displayName, ["reentryCode"] = reentryCode });

    /// <summary>GETs the page that shows a new re-entry code once and returns the code, or null when it shows none.</summary>
    public async Task<string?> ReadReentryCodeAsync(string page = "/account/reentry-code")
    {
        var html = await Http.GetStringAsync(page);
        var match = ReentryCodeOutput().Match(html);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Posts the form at <paramref name="action"/> with the antiforgery token of the page at
    /// <paramref name="page"/> (null: no token); asserts a redirect and returns its target.</summary>
    public async Task<Uri> PostFormAsync(string? page, string action, Dictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields);
        if (page is not null) form["__RequestVerificationToken"] = await AntiforgeryTokenAsync(page);
        using var response = await Http.PostAsync(action, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    /// <summary>GETs JSON, asserting the status.</summary>
    public async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>POSTs JSON, asserting the status.</summary>
    public async Task<JsonElement> PostJsonAsync(string path, object? body, HttpStatusCode expected)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The status of a GET.</summary>
    public async Task<HttpStatusCode> StatusOfGetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return response.StatusCode;
    }

    private async Task<string> AntiforgeryTokenAsync(string page)
    {
        var html = await Http.GetStringAsync(page);
        var match = TokenInput().Match(html);
        Assert.True(match.Success, $"{page} holds no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex("<output id=\"reentry-code\"[^>]*>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</output>")]
    private static partial Regex ReentryCodeOutput();

    public void Dispose() => Http.Dispose();
}
