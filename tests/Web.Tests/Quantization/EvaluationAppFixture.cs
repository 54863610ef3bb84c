using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Quantization;

/// <summary>The real app (self-paced: the local learner is a member) over <see cref="QuantizedModelsFixture"/>'s
/// folders, and the same app in classroom mode with nobody signed in.</summary>
public sealed class EvaluationAppFixture : IAsyncLifetime
{
    public QuantizedModelsFixture Models { get; } = new();

    public WorkbenchAppFactory App { get; } = new();

    public WorkbenchAppFactory Classroom { get; } = new();

    public async Task InitializeAsync()
    {
        await Models.InitializeAsync();
        Models.Configure(App);
        Models.Configure(Classroom);
        Classroom.Settings["Lab:Mode"] = "Classroom";
        Classroom.Settings["Lab:Instructor:UserName"] = "prof";
        Classroom.Settings["Lab:Instructor:Password"] = "instructor-pass-1";
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Classroom.DisposeAsync();
        await Models.DisposeAsync();
    }
}
