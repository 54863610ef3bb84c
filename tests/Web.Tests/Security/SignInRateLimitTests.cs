using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Classrooms;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Security;

/// <summary>Issue 10 finding 6 on the real app in classroom mode: brute-forcing passwords and join codes meets
/// ASP.NET Core's rate limiter per address (429 with Retry-After and a readable page) and a per-account lockout
/// that holds whatever address the attempts come from; the re-entry code sign-in (<c>POST /account/rejoin</c>) meets
/// both too.</summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private const string Password = "instructor-pass-1";
    private readonly WorkbenchAppFactory _factory = new();
    private WebApplicationFactory<Program> _app = null!;
    private int _nextAddress;

    public async Task InitializeAsync()
    {
        _factory.Settings["Lab:Mode"] = "Classroom";
        _factory.Settings["Lab:Instructor:UserName"] = "prof";
        _factory.Settings["Lab:Instructor:Password"] = Password;
        _factory.Settings["Web:Security:AttemptsPerMinutePerAddress"] = "10"; // the default, which the test factory raises
        _app = SignInClient.WithClientAddresses(_factory);
        await _app.Services.GetRequiredService<InstructorAccounts>().CreateAsync("other", "Other Instructor", "other-pass-12", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    /// <summary>A client from an address no other client of this test used.</summary>
    private SignInClient FreshClient() => new(_app, $"10.0.{Interlocked.Increment(ref _nextAddress) / 250}.{_nextAddress % 250 + 1}");

    private static string Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString ?? "";

    [Fact]
    public async Task WrongPasswords_FromOneAddress_Are429AfterTenPerMinute_WithRetryAfterAndAReadablePage()
    {
        using var attacker = FreshClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 14; i++)
        {
            using var response = await attacker.SignInAsync($"guess-{i}", "wrong-password");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && statuses.Count(s => s == HttpStatusCode.TooManyRequests) == 1)
            {
                var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")));
                Assert.InRange(retryAfter, 1, 60);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("Too many attempts", await response.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Redirect));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        using var elsewhere = FreshClient();
        using var fromElsewhere = await elsewhere.SignInAsync("prof", Password);
        Assert.Equal("/classes", Location(fromElsewhere));
    }

    [Fact]
    public async Task ThirtyWrongJoinCodes_FromOneAddress_OnlyTenAreTried()
    {
        using var attacker = FreshClient();
        var tried = 0;
        var refused = 0;
        for (var i = 0; i < 30; i++)
        {
            using var response = await attacker.JoinAsync($"ZZZZ{i:D4}", "Mallory");
            if (response.StatusCode == HttpStatusCode.Redirect && Location(response).Contains("unknown-code", StringComparison.Ordinal)) tried++;
            else if (response.StatusCode == HttpStatusCode.TooManyRequests) refused++;
        }
        Assert.Equal(10, tried);
        Assert.Equal(20, refused);
    }

    [Fact]
    public async Task FiveWrongPasswords_FromDifferentAddresses_LockTheAccount_OtherAccountsStillSignIn()
    {
        for (var i = 0; i < 5; i++)
        {
            using var client = FreshClient();
            using var response = await client.SignInAsync("prof", "wrong-password-" + i);
            Assert.Contains("invalid-credentials", Location(response));
        }

        using var owner = FreshClient();
        using var locked = await owner.SignInAsync("PROF", Password); // user names are case-insensitive here too
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.False(owner.HasAuthCookie);
        Assert.InRange(int.Parse(Assert.Single(locked.Headers.GetValues("Retry-After"))), 250, 300);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync());

        using var api = FreshClient();
        using var asJson = await api.SignInAsync("prof", Password, accept: "application/json");
        var error = JsonDocument.Parse(await asJson.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("too_many_attempts", error.GetProperty("code").GetString());

        using var other = FreshClient();
        using var otherSignIn = await other.SignInAsync("other", "other-pass-12");
        Assert.Equal("/classes", Location(otherSignIn));
        Assert.True(other.HasAuthCookie);
    }

    [Fact]
    public async Task WrongReentryCodes_FromOneAddress_Are429AfterTenPerMinute_WithRetryAfter()
    {
        var joinCode = await CreateClassAsync("Rejoiners");
        using var attacker = FreshClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 14; i++)
        {
            // A different student each time, so the per-account lockout (5 failures) is not what stops it.
            using var response = await attacker.RejoinAsync(joinCode, $"Guess {i}", "AAAA-BBBB-CCCC");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.StartsWith("/account/rejoin?error=", Location(response));
            else Assert.InRange(int.Parse(Assert.Single(response.Headers.GetValues("Retry-After"))), 1, 60);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Redirect));
        Assert.All(statuses.Skip(10), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task FiveWrongReentryCodes_FromDifferentAddresses_LockTheStudent_OtherStudentsStillRejoin()
    {
        var joinCode = await CreateClassAsync("Lockers");
        var adaCode = await JoinAsync(joinCode, "Ada");
        var bobCode = await JoinAsync(joinCode, "Bob");
        for (var i = 0; i < 5; i++)
        {
            using var guesser = FreshClient();
            using var wrong = await guesser.RejoinAsync(joinCode, "Ada", $"AAAA-BBBB-CCC{(char)('D' + i)}");
            Assert.StartsWith("/account/rejoin?error=invalid-reentry-code", Location(wrong));
        }

        using var ada = FreshClient();
        using var locked = await ada.RejoinAsync(joinCode, " ada ", adaCode); // the same account: name trimmed, any case
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.False(ada.HasAuthCookie);
        Assert.InRange(int.Parse(Assert.Single(locked.Headers.GetValues("Retry-After"))), 250, 300);

        using var bob = FreshClient();
        using var rejoined = await bob.RejoinAsync(joinCode, "Bob", bobCode);
        Assert.Equal("/labs", Location(rejoined));
        Assert.True(bob.HasAuthCookie);
    }

    /// <summary>Creates a class as <c>prof</c> (from a fresh address); returns its join code.</summary>
    private async Task<string> CreateClassAsync(string name)
    {
        using var instructor = FreshClient();
        using var signIn = await instructor.SignInAsync("prof", Password);
        Assert.Equal("/classes", Location(signIn));
        using var created = await instructor.Http.PostAsJsonAsync("/api/classes", new { name, requestsPerMinute = 0, tokensPerMinute = 0 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("joinCode").GetString()!;
    }

    /// <summary>Joins the class as <paramref name="displayName"/> (from a fresh address); returns the re-entry code shown.</summary>
    private async Task<string> JoinAsync(string joinCode, string displayName)
    {
        using var student = FreshClient();
        using var joined = await student.JoinAsync(joinCode, displayName);
        Assert.StartsWith("/account/reentry-code", Location(joined));
        return await student.ReadReentryCodeAsync(Location(joined));
    }

    [Fact]
    public async Task ASuccessfulSignIn_ClearsTheFailures()
    {
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                using var attempt = FreshClient();
                using var wrong = await attempt.SignInAsync("other", "nope-" + i);
                Assert.Contains("invalid-credentials", Location(wrong));
            }
            using var owner = FreshClient();
            using var right = await owner.SignInAsync("other", "other-pass-12");
            Assert.Equal("/classes", Location(right));
        }
    }
}
