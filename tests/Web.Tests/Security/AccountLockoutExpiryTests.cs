using System.Net;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Security;

/// <summary>The account lockout is temporary: with <c>Web:Security:LockoutSeconds</c> = 2 the right password
/// works again once it has passed.</summary>
public sealed class AccountLockoutExpiryTests
{
    [Fact]
    public async Task LockedAccount_SignsInAgain_AfterLockoutSeconds()
    {
        await using var factory = new WorkbenchAppFactory();
        factory.Settings["Lab:Mode"] = "Classroom";
        factory.Settings["Lab:Instructor:UserName"] = "prof";
        factory.Settings["Lab:Instructor:Password"] = "instructor-pass-1";
        factory.Settings["Web:Security:FailuresBeforeLockout"] = "3";
        factory.Settings["Web:Security:LockoutSeconds"] = "2";
        await using var app = SignInClient.WithClientAddresses(factory);
        using var client = new SignInClient(app, "10.9.9.9");

        for (var i = 0; i < 3; i++) (await client.SignInAsync("prof", "wrong")).Dispose();
        using var locked = await client.SignInAsync("prof", "instructor-pass-1");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var again = await client.SignInAsync("prof", "instructor-pass-1");
        Assert.Equal("/classes", again.Headers.Location?.OriginalString);
    }
}
