using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Auth;

/// <summary>Classroom mode's first run needs an instructor password.</summary>
public sealed class ClassroomStartupTests
{
    [Fact]
    public async Task Start_ClassroomModeWithoutAnInstructorOrPassword_FailsWithAMessageSayingWhatToSet()
    {
        await using var app = new WorkbenchAppFactory();
        app.Settings["Lab:Mode"] = "Classroom";
        app.Settings["Lab:Instructor:Password"] = "";

        var e = Assert.ThrowsAny<Exception>(() => app.Services);

        var all = string.Join(" | ", Flatten(e).Select(x => x.Message));
        Assert.Contains("Lab:Instructor:Password", all);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        if (e is AggregateException aggregate)
        {
            foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
        else if (e.InnerException is { } inner)
        {
            foreach (var x in Flatten(inner)) yield return x;
        }
    }
}
