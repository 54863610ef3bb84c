using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Radzen;
using Workbench.Lab;
using Workbench.Web.Components.Pages.Account;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The static sign-in and join forms: plain HTML forms posted to the account endpoints.</summary>
public sealed class AccountPagesTests
{
    [Fact]
    public void Login_ClassroomMode_PostsUserNameAndPasswordWithAnAntiforgeryToken()
    {
        using var ctx = Create(LabMode.Classroom, "account/login?error=invalid-credentials&userName=ada&returnUrl=%2Fclasses%2F42");

        var cut = ctx.Render<LoginPage>();

        var form = cut.Find("form[aria-label='Sign in']");
        Assert.Equal(("post", "/account/login"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal("userName", cut.Find("#login-user").GetAttribute("name"));
        Assert.Equal("ada", cut.Find("#login-user").GetAttribute("value"));
        Assert.Equal(("password", "password"), (cut.Find("#login-password").GetAttribute("name"), cut.Find("#login-password").GetAttribute("type")));
        Assert.Equal("/classes/42", cut.Find("input[name='returnUrl']").GetAttribute("value"));
        Assert.NotNull(cut.Find("label[for='login-user']"));
        Assert.NotNull(cut.Find("label[for='login-password']"));
        Assert.EndsWith("Wrong user name or password.", cut.Find("[aria-label='Sign-in error']").TextContent.Trim());
        Assert.NotEmpty(form.QuerySelectorAll("input[type=hidden][name='__RequestVerificationToken']"));
    }

    [Fact]
    public void Join_ClassroomMode_PostsTheCodeAndDisplayName()
    {
        using var ctx = Create(LabMode.Classroom, "join?code=K7Q2M9XD&error=unknown-code");

        var cut = ctx.Render<JoinPage>();

        var form = cut.Find("form[aria-label='Join']");
        Assert.Equal(("post", "/account/join"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal(("joinCode", "K7Q2M9XD"), (cut.Find("#join-code").GetAttribute("name"), cut.Find("#join-code").GetAttribute("value")));
        Assert.Equal("displayName", cut.Find("#join-name").GetAttribute("name"));
        Assert.Contains("No class has this join code", cut.Find("[aria-label='Join error']").TextContent);
        Assert.NotEmpty(form.QuerySelectorAll("input[type=hidden][name='__RequestVerificationToken']"));
    }

    [Fact]
    public void Join_NameTaken_LinksToSigningBackInWithTheCodeAndName()
    {
        using var ctx = Create(LabMode.Classroom, "join?code=K7Q2M9XD&displayName=Ada&error=name-taken");

        var cut = ctx.Render<JoinPage>();

        var error = cut.Find("[aria-label='Join error']");
        Assert.Contains("already in the class", error.TextContent);
        Assert.Equal("account/rejoin?code=K7Q2M9XD&displayName=Ada", error.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void Rejoin_ClassroomMode_PostsCodeNameAndReentryCodeWithoutPrefillingTheSecret()
    {
        using var ctx = Create(LabMode.Classroom, "account/rejoin?code=K7Q2M9XD&displayName=Ada&error=invalid-reentry-code");

        var cut = ctx.Render<RejoinPage>();

        var form = cut.Find("form[aria-label='Sign back in']");
        Assert.Equal(("post", "/account/rejoin"), (form.GetAttribute("method"), form.GetAttribute("action")));
        Assert.Equal(("joinCode", "K7Q2M9XD"), (cut.Find("#rejoin-code").GetAttribute("name"), cut.Find("#rejoin-code").GetAttribute("value")));
        Assert.Equal(("displayName", "Ada"), (cut.Find("#rejoin-name").GetAttribute("name"), cut.Find("#rejoin-name").GetAttribute("value")));
        Assert.Equal("reentryCode", cut.Find("#rejoin-reentry").GetAttribute("name"));
        Assert.Null(cut.Find("#rejoin-reentry").GetAttribute("value"));
        Assert.Contains("do not match a student of this class", cut.Find("[aria-label='Sign-back-in error']").TextContent);
        Assert.NotEmpty(form.QuerySelectorAll("input[type=hidden][name='__RequestVerificationToken']"));
    }

    [Fact]
    public void Login_SelfPacedMode_ShowsNoForm()
    {
        using var ctx = Create(LabMode.SelfPaced, "account/login");

        var cut = ctx.Render<LoginPage>();

        Assert.Empty(cut.FindAll("form"));
        Assert.Contains("self-paced mode", cut.Find("[role=note]").TextContent);
    }

    private static BunitContext Create(LabMode mode, string uri)
    {
        var ctx = new BunitContext();
        ctx.Services.AddSingleton(Options.Create(new LabOptions { Mode = mode }));
        ctx.Services.AddRadzenComponents();
        ctx.Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>();
        ctx.Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return ctx;
    }
}

/// <summary>The token the server would issue for the request.</summary>
internal sealed class FixedAntiforgery : AntiforgeryStateProvider
{
    public override AntiforgeryRequestToken GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
}
