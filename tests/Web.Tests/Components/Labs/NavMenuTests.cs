using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Radzen;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;
using Workbench.Web.Components.Layout;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The module navigation: Labs for everyone, Classes for instructors, the signed-in user and sign-out.</summary>
public sealed class NavMenuTests
{
    [Fact]
    public void Render_Instructor_ShowsClassesTheUserAndSignOut()
    {
        using var ctx = Create(new LabUser("i1", "Ada", LabRoles.Instructor, null), WorkbenchPolicies.Instructor, WorkbenchPolicies.Member);

        var cut = ctx.Render<NavMenu>();

        Assert.Contains("Labs", Items(cut));
        Assert.Contains("Classes", Items(cut));
        Assert.Equal("Ada", cut.Find("[aria-label='User name']").TextContent);
        Assert.Equal("instructor", cut.Find("[aria-label='Role']").TextContent);
        var signOut = cut.Find("form.wb-nav-signout");
        Assert.Equal(("post", "/account/logout"), (signOut.GetAttribute("method"), signOut.GetAttribute("action")));
        Assert.NotNull(signOut.QuerySelector("button[aria-label='Sign out']"));
        Assert.NotNull(signOut.QuerySelector("input[name='__RequestVerificationToken']"));
    }

    [Fact]
    public void Render_Student_ShowsLabsButNotClasses()
    {
        using var ctx = Create(new LabUser("s1", "Grace", LabRoles.Student, "c1"), WorkbenchPolicies.Student, WorkbenchPolicies.Member);

        var cut = ctx.Render<NavMenu>();

        Assert.Contains("Labs", Items(cut));
        Assert.DoesNotContain("Classes", Items(cut));
        Assert.Equal("student", cut.Find("[aria-label='Role']").TextContent);
        // A student signs out through the warning page (they need their re-entry code to come back).
        Assert.Equal("account/logout", cut.Find("a[aria-label='Sign out']").GetAttribute("href"));
        Assert.Empty(cut.FindAll("form.wb-nav-signout"));
    }

    [Fact]
    public void Render_SelfPacedLearner_HasNoSignOut()
    {
        using var ctx = Create(new LabUser("local-learner", "Learner", LabRoles.Learner, null), WorkbenchPolicies.Member);

        var cut = ctx.Render<NavMenu>();

        Assert.DoesNotContain("Classes", Items(cut));
        Assert.Equal("learner", cut.Find("[aria-label='Role']").TextContent);
        Assert.Empty(cut.FindAll("button[aria-label='Sign out']"));
    }

    private static List<string> Items(IRenderedComponent<NavMenu> cut) =>
        cut.FindAll(".wb-nav .rz-navigation-item-text").Select(e => e.TextContent.Trim()).ToList();

    private static BunitContext Create(LabUser user, params string[] policies)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddRadzenComponents();
        ctx.Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>();
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(user.DisplayName);
        auth.SetRoles(user.Role);
        auth.SetPolicies(policies);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.UserId));
        return ctx;
    }
}
