using Microsoft.AspNetCore.Components;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Code;
using Workbench.Lab.Storage;

namespace Workbench.Web.Components.Pages.Labs;

/// <summary>
/// The panel of a code exercise (C# in Monaco; Check compiles with Roslyn through <see cref="CSharpCompiler"/> and
/// marks the diagnostics in the editor) or a property exercise (one data file: a GBNF grammar, a system prompt or a
/// sampling configuration in JSON). Submit stores an attempt; its result appears when grading finishes.
/// Compile diagnostics on screen (the check chip and list, the tab badges and Monaco's markers) always belong to
/// the newest Check or graded attempt: Submit clears the last Check's, and a graded attempt that compiled clears
/// them all. Reset to starter asks first.
/// </summary>
public partial class CodeExercisePanel
{
    private CodeEditor? _editor;
    private IReadOnlyList<CompileDiagnostic> _checkDiagnostics = [];
    private string? _checkMessage;
    private int _checkErrors;
    private bool _checking;
    private bool _confirmingReset;
    private readonly string _id = "exercise-" + Guid.NewGuid().ToString("N")[..8];

    [Inject] private CSharpCompiler Compiler { get; set; } = default!;

    private string Language => Exercise.Kind switch
    {
        ExerciseKind.Code or ExerciseKind.Training => "csharp",
        _ when Exercise.Target is PropertyTarget.Sampling or PropertyTarget.JsonSchema or PropertyTarget.ToolSchema => "json",
        _ => "plaintext",
    };

    private async Task CheckAsync()
    {
        if (_editor is null || _checking) return;
        _checking = true;
        try
        {
            var files = await _editor.GetFilesAsync();
            var diagnostics = await Task.Run(() => Compiler.CompileStudentFiles(files, DisposalToken), DisposalToken);
            _checkDiagnostics = diagnostics;
            _checkErrors = diagnostics.Count(d => d.Severity == "error");
            var warnings = diagnostics.Count(d => d.Severity == "warning");
            _checkMessage = _checkErrors == 0
                ? warnings == 0 ? "Compiles: no errors." : $"Compiles, with {warnings} warning{(warnings == 1 ? "" : "s")}."
                : $"{_checkErrors} compile error{(_checkErrors == 1 ? "" : "s")}.";
            await _editor.ShowDiagnosticsAsync(diagnostics);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _checking = false;
        }
    }

    private async Task SubmitFilesAsync()
    {
        if (_editor is null) return;
        var files = await _editor.GetFilesAsync();
        ClearCheck(); // the chip and list described the code as it was at Check; the attempt's result replaces them
        await SubmitAsync(SubmissionPayload.FromFiles(files));
    }

    private void AskReset() => _confirmingReset = true;

    private async Task ResetAsync()
    {
        _confirmingReset = false;
        if (_editor is null) return;
        ClearCheck();
        await _editor.ResetAsync();
    }

    private void ClearCheck()
    {
        _checkDiagnostics = [];
        _checkMessage = null;
        _checkErrors = 0;
    }

    /// <inheritdoc />
    protected override async Task OnSubmissionUpdatedAsync(Submission submission)
    {
        // The newest graded attempt decides what the editor marks: its compile errors, or none once it compiled.
        if (submission.Result is not { } result || _editor is null || Shown?.Id != submission.Id) return;
        if (History.Count > 0 && History[0].Id != submission.Id) return;
        ClearCheck();
        await _editor.ShowDiagnosticsAsync(result.Outcome == GradeOutcome.CompileError ? result.Diagnostics : []);
    }
}
