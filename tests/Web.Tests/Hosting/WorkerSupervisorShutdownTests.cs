using System.Diagnostics;
using Xunit;

namespace Workbench.Web.Tests.Hosting;

/// <summary>Stopping the app kills its worker.</summary>
public sealed class WorkerSupervisorShutdownTests
{
    [Fact]
    public async Task AppStops_WorkerProcessIsGone()
    {
        var app = new WorkbenchAppFactory();
        int pid;
        Process worker;
        try
        {
            var supervisor = await app.StartReadyAsync();
            pid = supervisor.ProcessId!.Value;
            worker = Process.GetProcessById(pid);
        }
        finally
        {
            await app.DisposeAsync();
        }
        using (worker)
        {
            Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(10)), $"worker {pid} still runs");
        }
    }
}
