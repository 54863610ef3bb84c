using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Workbench.Lab.Agent.Sandboxed;

namespace Workbench.Lab.Agent;

/// <summary>
/// The syntax check of verify-on-edit: after each <c>edit_file</c>/<c>write_file</c>, the file's language decides
/// the check — <c>.cs</c>: Roslyn's <see cref="CSharpSyntaxTree.ParseText(string, CSharpParseOptions?, string, System.Text.Encoding?, CancellationToken)"/>
/// error diagnostics (in process, parse only: no references, so a missing name is not a syntax error);
/// <c>.py</c>: Python's own compile step (what <c>python3 -m py_compile</c> runs, without writing a
/// <c>__pycache__</c> into the workspace), in the sandbox through <see cref="AgentCommandRunner"/>. Other files are
/// not checked.
/// </summary>
/// <param name="commands">Runs the Python check in the sandbox.</param>
/// <param name="workspace">The workspace the check runs in.</param>
public sealed class VerifyOnEdit(AgentCommandRunner commands, AgentWorkspace workspace)
{
    /// <summary>Most errors reported per check.</summary>
    public const int MaxErrors = 10;

    /// <summary>The Python check's time limit: 15 s.</summary>
    public static readonly TimeSpan PythonTimeout = TimeSpan.FromSeconds(15);

    // compile() is py_compile's check (py_compile.compile → importlib's source_to_code → compile); errors printed as path:line:col: message.
    private const string PythonCheck =
        "import sys\np = sys.argv[1]\ntry:\n    compile(open(p, 'rb').read(), p, 'exec')\nexcept SyntaxError as e:\n"
        + "    print('%s:%s:%s: %s: %s' % (p, e.lineno or 1, e.offset or 1, type(e).__name__, e.msg)); sys.exit(1)\n"
        + "except Exception as e:\n    print('%s:1:1: %s: %s' % (p, type(e).__name__, e)); sys.exit(1)\n";

    /// <summary>Whether <paramref name="path"/> has a syntax check.</summary>
    public static bool IsChecked(string path) =>
        path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".py", StringComparison.OrdinalIgnoreCase);

    /// <summary>The syntax errors of <paramref name="text"/> as the file <paramref name="path"/>, one
    /// <c>path:line:col: message</c> per line (1-based), or null when it has none (or is not checked).</summary>
    /// <param name="path">Workspace-relative path (its extension picks the check). For Python the file must hold
    /// <paramref name="text"/> already: the check reads it in the sandbox.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="cancellationToken">Cancels the sandboxed check.</param>
    public async Task<string?> CheckAsync(string path, string text, CancellationToken cancellationToken)
    {
        if (path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)) return CSharpErrors(path, text);
        if (!path.EndsWith(".py", StringComparison.OrdinalIgnoreCase)) return null;
        var command = "python3 -c " + ShellQuote(PythonCheck) + " " + ShellQuote(path);
        var result = await commands.RunAsync(workspace.Root, command, PythonTimeout, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded) return null;
        var output = result.Output.Trim();
        return output.Length > 0 ? output : $"{path}:1:1: the syntax check failed: {result.ToToolText()}";
    }

    /// <summary>Roslyn's syntax errors of a C# text, or null.</summary>
    public static string? CSharpErrors(string path, string text)
    {
        var errors = CSharpSyntaxTree.ParseText(text, path: path).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Take(MaxErrors)
            .Select(d =>
            {
                var start = d.Location.GetLineSpan().StartLinePosition;
                return $"{path}:{start.Line + 1}:{start.Character + 1}: {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            })
            .ToList();
        return errors.Count == 0 ? null : string.Join('\n', errors);
    }

    /// <summary>A POSIX shell single-quoted word.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
