using Bunit;
using Workbench.Lab.Classrooms;
using Workbench.Web.Components.Pages.Classes;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The class list and the create-class form, on the real classroom service and store.</summary>
[Collection(EngineCollection.Name)]
public sealed class ClassesPageTests(EngineFixture fixture)
{
    [Fact]
    public async Task Create_WithNameAndQuotas_StoresTheClassAndShowsItsJoinCode()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var instructor = await lab.CreateInstructorAsync();
        lab.SignIn(instructor);
        var cut = lab.Context.Render<ClassesPage>();
        cut.WaitForAssertion(() => Assert.Contains("No class yet", cut.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        await cut.InvokeAsync(() =>
        {
            cut.Find("#class-name").Input("Tuesday group");
            cut.Find("#class-rpm").Change("12");
            cut.Find("#class-tpm").Change("3000");
        });
        await cut.InvokeAsync(() => cut.Find("form[aria-label='Create a class']").Submit());

        var stored = Assert.Single(await lab.Get<ClassroomService>().ListClassesAsync(instructor.UserId, CancellationToken.None));
        Assert.Equal(("Tuesday group", 12, 3000), (stored.Name, stored.RequestsPerMinute, stored.TokensPerMinute));
        cut.WaitForAssertion(() => Assert.Equal(stored.JoinCode, cut.Find("[aria-label='New class'] [aria-label='Join code']").TextContent), TimeSpan.FromSeconds(30));
        var item = cut.Find("ul[aria-label='Classes'] li");
        Assert.Equal($"classes/{stored.Id}", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("12 requests/min", item.TextContent);
        Assert.Contains("3,000 tokens/min", item.TextContent);
    }

    [Fact]
    public async Task Render_AsAStudent_ShowsNoClass()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var instructor = await lab.CreateInstructorAsync();
        var classroom = await lab.CreateClassAsync(instructor);
        lab.SignIn(await lab.JoinAsync(classroom, "Eve"));

        var cut = lab.Context.Render<ClassesPage>();

        cut.WaitForAssertion(() => Assert.Contains("Only an instructor", cut.Find("[role=alert]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(cut.FindAll("form"));
        Assert.DoesNotContain(classroom.JoinCode, cut.Markup, StringComparison.Ordinal);
    }
}
