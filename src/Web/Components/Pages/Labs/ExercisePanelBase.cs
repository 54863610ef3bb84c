using Microsoft.AspNetCore.Components;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;

namespace Workbench.Web.Components.Pages.Labs;

/// <summary>
/// What every exercise panel shares: the user's attempts (newest first), submitting through
/// <see cref="SubmissionService"/>, and live updates — it subscribes to <see cref="SubmissionEvents"/> and re-renders
/// (over the circuit, with <c>InvokeAsync</c>) when one of this user's submissions of this exercise is created or
/// graded, wherever it was submitted from, and reloads the history when an instructor resets this user's attempts
/// at this exercise (<see cref="ClassroomEvents.AttemptsReset"/>), so the reset shows without a reload.
/// Unsubscribes on disposal.
/// </summary>
public abstract class ExercisePanelBase : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private bool _subscribed;

    /// <summary>The lab.</summary>
    [Parameter, EditorRequired] public LabDefinition Lab { get; set; } = default!;

    /// <summary>The exercise (of <see cref="Lab"/>).</summary>
    [Parameter, EditorRequired] public ExerciseDefinition Exercise { get; set; } = default!;

    /// <summary>Who is working on it (their own submissions only are shown).</summary>
    [Parameter, EditorRequired] public LabUser User { get; set; } = default!;

    [Inject] private SubmissionService Submissions { get; set; } = default!;
    [Inject] private SubmissionEvents Events { get; set; } = default!;
    [Inject] private ClassroomEvents ClassEvents { get; set; } = default!;
    [Inject] private ILabStore Store { get; set; } = default!;
    [Inject] private ILogger<ExercisePanelBase> Logger { get; set; } = default!;

    /// <summary>This user's submissions of this exercise, newest first (reset ones included, flagged).</summary>
    protected List<Submission> History { get; } = [];

    /// <summary>The submission whose result is shown: the newest, or the one picked in the history.</summary>
    protected Submission? Shown { get; set; }

    /// <summary>True while a submit call is in flight (before the submission is stored).</summary>
    protected bool IsSubmitting { get; private set; }

    /// <summary>An error of the last submit call to show, or null.</summary>
    protected string? SubmitError { get; set; }

    /// <summary>Whether the newest submission is still waiting for or in grading.</summary>
    protected bool IsGrading => History.Count > 0 && History[0].Status != SubmissionStatus.Graded;

    /// <summary>A token cancelled when the component is disposed.</summary>
    protected CancellationToken DisposalToken => _disposed.Token;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        Events.SubmissionCreated += OnSubmissionChanged;
        Events.SubmissionGraded += OnSubmissionChanged;
        ClassEvents.AttemptsReset += OnAttemptsReset;
        _subscribed = true;
        var stored = await Store.ListSubmissionsAsync(User.UserId, Lab.Id, Exercise.Id, _disposed.Token);
        lock (History)
        {
            foreach (var s in stored) Upsert(s);
        }
        Shown ??= History.FirstOrDefault();
        await OnHistoryLoadedAsync();
    }

    /// <summary>Called once the stored history is loaded (for example to restore the last answers).</summary>
    protected virtual Task OnHistoryLoadedAsync() => Task.CompletedTask;

    /// <summary>Called on the circuit after a submission of this exercise by this user changed (created or graded).</summary>
    /// <param name="submission">The new state.</param>
    protected virtual Task OnSubmissionUpdatedAsync(Submission submission) => Task.CompletedTask;

    /// <summary>Stores <paramref name="payload"/> as a new attempt (graded in the background) and shows it.</summary>
    /// <param name="payload">The files or answers.</param>
    protected async Task SubmitAsync(SubmissionPayload payload)
    {
        if (IsSubmitting) return;
        IsSubmitting = true;
        SubmitError = null;
        try
        {
            var submission = await Submissions.SubmitAsync(User.UserId, Lab.Id, Exercise.Id, payload, _disposed.Token);
            lock (History) Upsert(submission);
            Shown = History.FirstOrDefault(s => s.Id == submission.Id) ?? submission;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is StoreException or ArgumentException or InvalidOperationException)
        {
            SubmitError = ex.Message;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Submitting {Lab}/{Exercise} failed", Lab.Id, Exercise.Id);
            SubmitError = "The submission could not be stored; see the server log.";
        }
        finally
        {
            IsSubmitting = false;
        }
    }

    /// <summary>Shows an older attempt's result.</summary>
    /// <param name="submission">An item of <see cref="History"/>.</param>
    protected void Show(Submission submission) => Shown = submission;

    private void OnSubmissionChanged(Submission submission)
    {
        if (submission.UserId != User.UserId || submission.LabId != Lab.Id || submission.ExerciseId != Exercise.Id) return;
        if (_disposed.IsCancellationRequested) return;
        _ = InvokeAsync(async () =>
        {
            if (_disposed.IsCancellationRequested) return;
            lock (History) Upsert(submission);
            // Follow the newest attempt unless an older one was picked on purpose.
            if (Shown is null || Shown.Id == submission.Id || Shown.Attempt < submission.Attempt) Shown = History.First(s => s.Id == submission.Id);
            await OnSubmissionUpdatedAsync(submission);
            StateHasChanged();
        });
    }

    // Runs on the instructor's request thread: reload this exercise's attempts (now flagged reset) on the circuit.
    private void OnAttemptsReset(AttemptsReset reset)
    {
        if (reset.UserId != User.UserId || reset.LabId != Lab.Id || reset.ExerciseId != Exercise.Id || _disposed.IsCancellationRequested) return;
        _ = InvokeAsync(async () =>
        {
            try
            {
                var stored = await Store.ListSubmissionsAsync(User.UserId, Lab.Id, Exercise.Id, _disposed.Token);
                lock (History)
                {
                    History.Clear();
                    foreach (var s in stored) Upsert(s);
                }
                Shown = History.FirstOrDefault();
                StateHasChanged();
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Logger.LogError(ex, "Reloading {Lab}/{Exercise} after a reset failed", Lab.Id, Exercise.Id);
                await DispatchExceptionAsync(ex);
            }
        });
    }

    // Newest first; a later state of the same submission replaces the earlier one, never the reverse.
    private void Upsert(Submission submission)
    {
        var index = History.FindIndex(s => s.Id == submission.Id);
        if (index >= 0)
        {
            if (History[index].Status == SubmissionStatus.Graded && submission.Status != SubmissionStatus.Graded) return;
            History[index] = submission;
            return;
        }
        History.Add(submission);
        History.Sort((a, b) => b.Attempt != a.Attempt ? b.Attempt.CompareTo(a.Attempt) : b.CreatedAt.CompareTo(a.CreatedAt));
    }

    /// <summary>Unsubscribes from <see cref="SubmissionEvents"/>.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        if (_subscribed)
        {
            Events.SubmissionCreated -= OnSubmissionChanged;
            Events.SubmissionGraded -= OnSubmissionChanged;
            ClassEvents.AttemptsReset -= OnAttemptsReset;
            _subscribed = false;
        }
        _disposed.Cancel(); // not disposed: an event queued on the circuit may still read its token
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }
}
