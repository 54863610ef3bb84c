using Microsoft.Playwright;
using Workbench.Testing;
using Xunit;

namespace Workbench.E2E;

/// <summary>
/// Starts the real Workbench.Web executable (which starts and supervises the real engine worker) on a free
/// loopback port, and Debian's Chromium through Playwright. Shared by the end-to-end tests.
/// </summary>
public class WorkbenchApp : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("wb-e2e-").FullName;
    private WebAppProcess? _app;
    private IPlaywright? _playwright;

    /// <summary>The app's base address, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = default!;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>The repository root (the folder holding Workbench.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>What the app wrote to stdout/stderr so far (for failure messages).</summary>
    public string Log => _app?.Log ?? "";

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        // A fresh database and grading scratch space per run.
        _app = await WebAppProcess.StartAsync(WebExecutable(), Path.Combine(RepoRoot, "src", "Web"), _dataDirectory,
            ExtraArguments, TimeSpan.FromSeconds(60));
        BaseAddress = _app.BaseAddress;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>Arguments added to the app's command line (for example the lab mode).</summary>
    // Lab 09's grader fine-tunes for 4 steps, not the exercise's 40: the browser tests check the flow and the
    // corpus checks; Lab.Tests' Lab09GradingTests run the full fine-tune.
    protected virtual IEnumerable<string> ExtraArguments => ["--Lab:FineTuneMaxSteps=4"];

    /// <summary>A new page (1440×900, the size the UI is reviewed at) with the app's base address.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="path"/> and waits until the engine badge says Ready (worker up, model loaded) and
    /// the page is interactive (its Blazor circuit attached).</summary>
    /// <param name="path">A path relative to the base address.</param>
    public async Task<IPage> OpenReadyAsync(string path)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(path);
        await Assertions.Expect(page.GetByRole(AriaRole.Status, new() { Name = "Engine state" }))
            .ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Waits until the page's Blazor circuit has attached (MainLayout sets <c>data-interactive</c> after
    /// its first interactive render): input typed into the prerendered page before that would be lost.</summary>
    /// <param name="page">A page of the app.</param>
    public static Task WaitInteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("main[data-interactive='true']")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The Web project's own build output holds the apphost and its static-web-assets manifest:
    /// <c>$WB_ARTIFACTS/bin/Web/&lt;config&gt;/</c> or <c>src/Web/bin/&lt;Config&gt;/net9.0/&lt;rid&gt;/</c>.</summary>
    private static string WebExecutable()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var artifacts = $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}Workbench.E2E{Path.DirectorySeparatorChar}";
        var candidates = new List<string>();
        if (here.Contains(artifacts, StringComparison.Ordinal))
            candidates.Add(here.Replace(artifacts, $"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}Web{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        var e2eRoot = Path.Combine(RepoRoot, "e2e", "Workbench.E2E");
        if (here.StartsWith(e2eRoot, StringComparison.Ordinal))
            candidates.Add(Path.Combine(RepoRoot, "src", "Web") + here[e2eRoot.Length..]);
        candidates.Add(here);
        foreach (var dir in candidates)
        {
            var exe = Path.Combine(dir, "Workbench.Web");
            if (File.Exists(exe)) return exe;
        }
        throw new FileNotFoundException($"Workbench.Web apphost not found in: {string.Join(", ", candidates)}");
    }

    private static string FindRepoRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(source)! })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Workbench.sln not found above the test assembly or its source.");
    }
}

/// <summary>The app in classroom mode (instructor sign-in, students join with a code).</summary>
public sealed class ClassroomWorkbenchApp : WorkbenchApp
{
    /// <summary>The instructor's sign-in name and password.</summary>
    public const string InstructorName = "instructor", InstructorPassword = "e2e-classroom-secret";

    /// <inheritdoc />
    protected override IEnumerable<string> ExtraArguments =>
        [.. base.ExtraArguments, "--Lab:Mode=Classroom", $"--Lab:Instructor:UserName={InstructorName}", $"--Lab:Instructor:Password={InstructorPassword}"];
}

/// <summary>The classroom end-to-end tests share one classroom-mode app.</summary>
[CollectionDefinition(Name)]
public sealed class ClassroomAppCollection : ICollectionFixture<ClassroomWorkbenchApp>
{
    /// <summary>The collection name.</summary>
    public const string Name = "classroom";
}

/// <summary>The end-to-end tests share one app and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class WorkbenchAppCollection : ICollectionFixture<WorkbenchApp>
{
    /// <summary>The collection name.</summary>
    public const string Name = "app";
}
