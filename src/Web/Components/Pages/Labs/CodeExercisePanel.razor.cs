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
/// </summary>
public partial class CodeExercisePanel
{
    private CodeEditor? _editor;
    private IReadOnlyList<CompileDiagnostic> _checkDiagnostics = [];
    private string? _checkMessage;
    private int _checkErrors;
    private bool _checking;

    [Inject] private CSharpCompiler Compiler { get; set; } = default!;

    private string Language => Exercise.Kind switch
    {
        ExerciseKind.Code => "csharp",
        _ when Exercise.Target is PropertyTarget.Sampling or PropertyTarget.JsonSchema => "json",
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
        await SubmitAsync(SubmissionPayload.FromFiles(files));
    }

    private async Task ResetAsync()
    {
        if (_editor is null) return;
        _checkDiagnostics = [];
        _checkMessage = null;
        await _editor.ResetAsync();
    }

    /// <inheritdoc />
    protected override async Task OnSubmissionUpdatedAsync(Submission submission)
    {
        // A graded attempt that did not compile marks its errors in the editor, as Check does.
        if (submission.Result is { Outcome: GradeOutcome.CompileError } result && _editor is not null && Shown?.Id == submission.Id)
        {
            await _editor.ShowDiagnosticsAsync(result.Diagnostics);
        }
    }
}
