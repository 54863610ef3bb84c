using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Templates;

/// <summary>The reference chat-template renderers in <c>tests/reference/jinja</c>: <c>render.py</c> (python
/// jinja2 as transformers sets it up; the arbiter) and <c>render.mjs</c> (@huggingface/jinja, pinned by its
/// package-lock.json; <c>npm ci</c> runs once per test run when its node_modules is missing). Each renders a batch
/// of cases in one process.</summary>
public static class ReferenceRenderers
{
    private static readonly Lazy<string> NodeReady = new(InstallNode);
    private static readonly Lazy<string> Python = new(FindPython);

    /// <summary>The reference folder.</summary>
    public static string Folder => Path.Combine(TestModels.RepoRoot, "tests", "reference", "jinja");

    /// <summary>One case: the template, the variables as transformers passes them, and the time
    /// <c>strftime_now</c> formats.</summary>
    public sealed record Case(string Template, JsonObject Context, DateTimeOffset Now);

    /// <summary>A rendering: Output, or Error when the renderer raised.</summary>
    public sealed record Result(string? Output, string? Error);

    /// <summary>Renders <paramref name="cases"/> with python jinja2.</summary>
    public static IReadOnlyList<Result> RenderPython(IReadOnlyList<Case> cases) => Run(Python.Value, "render.py", cases);

    /// <summary>The first of <c>python3</c> (PATH) and <c>/usr/bin/python3</c> (Debian's, where .ci/setup installs
    /// python3-jinja2) that imports jinja2.</summary>
    private static string FindPython()
    {
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                RunProcess(candidate, ["-c", "import jinja2"], "", TimeSpan.FromSeconds(30));
                return candidate;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
        }
        throw new InvalidOperationException("no python3 imports jinja2: run .ci/setup (apt-get install python3-jinja2)");
    }

    /// <summary>Renders <paramref name="cases"/> with @huggingface/jinja.</summary>
    public static IReadOnlyList<Result> RenderNode(IReadOnlyList<Case> cases)
    {
        _ = NodeReady.Value;
        return Run("node", "render.mjs", cases);
    }

    private static string InstallNode() => Workbench.Tests.Reference.NpmReference.EnsureInstalled(Folder, "@huggingface/jinja");

    private static IReadOnlyList<Result> Run(string program, string script, IReadOnlyList<Case> cases)
    {
        var input = new JsonArray(cases.Select(c => (JsonNode)new JsonObject
        {
            ["template"] = c.Template,
            ["context"] = c.Context.DeepClone(),
            ["now"] = c.Now.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
        }).ToArray());
        string stdout = RunProcess(program, [Path.Combine(Folder, script)], input.ToJsonString(), TimeSpan.FromMinutes(2));
        var results = JsonNode.Parse(stdout)!.AsArray();
        return results.Select(r => new Result((string?)r!["output"], (string?)r["error"])).ToList();
    }

    private static string RunProcess(string program, string[] args, string stdin, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout)) { p.Kill(true); throw new TimeoutException($"{program} {string.Join(' ', args)} ran past {timeout}"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {p.ExitCode}: {stderrTask.Result}");
        return stdoutTask.Result;
    }
}
