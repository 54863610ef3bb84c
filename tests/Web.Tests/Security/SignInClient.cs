using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Security;

/// <summary>
/// A browser-like client of the account forms that comes from a chosen client IP address: the test app reads the
/// address from <see cref="AddressHeader"/> (<see cref="WithClientAddresses"/>), since TestServer has no sockets.
/// Posts the real forms (sign-in, join, re-entry) with their antiforgery token; never follows redirects.
/// </summary>
internal sealed partial class SignInClient : IDisposable
{
    /// <summary>The test-only header holding the simulated remote address.</summary>
    public const string AddressHeader = "X-Test-Remote-Address";

    private readonly CookieContainerHandler _cookies = new();

    public SignInClient(WebApplicationFactory<Program> app, string address)
    {
        Http = app.CreateDefaultClient(new Uri("http://localhost"), _cookies);
        Http.DefaultRequestHeaders.Add(AddressHeader, address);
    }

    public HttpClient Http { get; }

    public bool HasAuthCookie => _cookies.Container.GetCookieHeader(Http.BaseAddress!).Contains(".Workbench.Auth=", StringComparison.Ordinal);

    /// <summary>The app of <paramref name="factory"/> with the remote address taken from <see cref="AddressHeader"/>.</summary>
    public static WebApplicationFactory<Program> WithClientAddresses(WorkbenchAppFactory factory) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter, ClientAddressFilter>()));

    public Task<HttpResponseMessage> SignInAsync(string userName, string password, string? accept = null) =>
        PostAsync("/account/login", "/account/login", new() { ["userName"] = userName, ["password"] = password, ["returnUrl"] = "/classes" }, accept);

    public Task<HttpResponseMessage> JoinAsync(string code, string displayName) =>
        PostAsync("/join", "/account/join", new() { ["joinCode"] = code, ["displayName"] = displayName }, null);

    public Task<HttpResponseMessage> RejoinAsync(string code, string displayName, string reentryCode) =>
        PostAsync("/account/rejoin", "/account/rejoin", new() { ["joinCode"] = code, ["displayName"] = displayName, ["reentryCode"] = reentryCode }, null);

    /// <summary>GETs the page that shows a new re-entry code once (where a join redirects) and returns the code.</summary>
    public async Task<string> ReadReentryCodeAsync(string page)
    {
        var match = ReentryCodeOutput().Match(await Http.GetStringAsync(page));
        Assert.True(match.Success, $"{page} shows no re-entry code");
        return match.Groups[1].Value;
    }

    private async Task<HttpResponseMessage> PostAsync(string page, string action, Dictionary<string, string> fields, string? accept)
    {
        var html = await Http.GetStringAsync(page);
        var token = TokenInput().Match(html);
        Assert.True(token.Success, $"{page} holds no antiforgery token");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
        if (accept is not null) request.Headers.Add("Accept", accept);
        return await Http.SendAsync(request);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    [GeneratedRegex("<output id=\"reentry-code\"[^>]*>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})</output>")]
    private static partial Regex ReentryCodeOutput();

    public void Dispose() => Http.Dispose();

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader], out var address)) context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
