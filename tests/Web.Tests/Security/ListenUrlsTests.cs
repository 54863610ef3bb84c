using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Security;

/// <summary>Issue 10 finding 9: the published app listens where ASP.NET Core's standard settings say
/// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>): <c>Web:Urls</c> is empty by default and no longer overrides them.
/// Starts the real Workbench.Web apphost with only the standard setting and asks <c>/healthz</c> there.</summary>
public sealed class ListenUrlsTests
{
    [Fact]
    public Task UrlsArgument_IsWhereTheAppListens() =>
        AssertListensAsync(address => (["--urls", address], new Dictionary<string, string>()));

    [Fact]
    public Task AspNetCoreUrlsVariable_IsWhereTheAppListens() =>
        AssertListensAsync(address => ([], new Dictionary<string, string> { ["ASPNETCORE_URLS"] = address }));

    private static async Task AssertListensAsync(Func<string, (string[] Arguments, Dictionary<string, string> Environment)> configure)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wb-urls-" + Guid.NewGuid().ToString("N")[..12]);
        var address = $"http://127.0.0.1:{FreePort()}";
        var (arguments, environment) = configure(address);
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Workbench.Web"))
        {
            WorkingDirectory = Path.Combine(TestPaths.RepoRoot, "src", "Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat([$"--Lab:DataDirectory={dataDirectory}", $"--Engine:DefaultModel={TestPaths.TinyStories}", "--Engine:Threads=1"]))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var log = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var clock = Stopwatch.StartNew();
            HttpStatusCode? status = null;
            while (status is null && clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                try
                {
                    status = (await http.GetAsync(address + "/healthz")).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }
            string text;
            lock (log) text = log.ToString();
            Assert.True(status == HttpStatusCode.OK, $"no answer on {address}/healthz:\n{text}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
