using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Content;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;

namespace Workbench.Web.Components.Pages.Classes;

/// <summary>
/// <c>/classes/{ClassId}</c> (the owning instructor): the students × labs matrix, per-check pass rates and recent
/// submissions, rebuilt live (<see cref="ClassDashboardBuilder"/>) whenever <see cref="SubmissionEvents"/> reports a
/// submission of one of the class's students created or graded — several events in a burst cause one rebuild. A
/// submission of a user not on the dashboard yet (a student who just joined) is looked up in the store
/// (<see cref="ILabStore.FindClassOfStudentAsync"/>); other classes' submissions cause no rebuild. A student joining
/// (<see cref="ClassroomEvents.StudentJoined"/>) rebuilds it too, so a new row appears without a reload. Selecting a
/// cell lists the student's exercises with a confirmed "reset attempts". <c>?demo=1</c> is the projector view: large type,
/// students shown as "Student 1..n", no per-student detail, no export.
/// </summary>
public partial class ClassDashboardPage : IDisposable
{
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private ClassDashboard? _dashboard;
    private Dictionary<string, int> _studentNumbers = new(StringComparer.Ordinal);
    private Dictionary<string, string> _studentNames = new(StringComparer.Ordinal);
    // Replaced (never mutated) on each refresh: read by the event handler on the grading worker's thread.
    private volatile HashSet<string> _studentIds = new(StringComparer.Ordinal);
    private LabUser? _user;
    private MatrixCell? _selected;
    private bool _notFound;
    private bool _subscribed;
    private int _refreshRequested;
    private string? _message;
    private (string UserId, string Code)? _newReentryCode; // shown once: forgotten when the detail closes or changes

    /// <summary>The class id from the route.</summary>
    [Parameter] public string ClassId { get; set; } = "";

    /// <summary><c>?demo=1</c>: projector view.</summary>
    [SupplyParameterFromQuery(Name = "demo")] public string? Demo { get; set; }

    [Inject] private ClassDashboardBuilder Builder { get; set; } = default!;
    [Inject] private ClassroomService Classrooms { get; set; } = default!;
    [Inject] private SubmissionEvents Events { get; set; } = default!;
    [Inject] private ClassroomEvents ClassEvents { get; set; } = default!;
    [Inject] private ILabStore Store { get; set; } = default!;
    [Inject] private ILabCatalog Catalog { get; set; } = default!;
    [Inject] private AuthenticationStateProvider AuthState { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<ClassDashboardPage> Logger { get; set; } = default!;

    private bool IsDemo => Demo is "1" or "true" or "on";

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        _user ??= LabUser.FromPrincipal((await AuthState.GetAuthenticationStateAsync()).User);
        if (_user?.IsInstructor != true)
        {
            _notFound = true;
            return;
        }
        if (!_subscribed)
        {
            Events.SubmissionCreated += OnSubmissionEvent;
            Events.SubmissionGraded += OnSubmissionEvent;
            ClassEvents.StudentJoined += OnStudentJoined;
            _subscribed = true;
        }
        if (_dashboard?.Class.Id != ClassId) await RefreshAsync();
    }

    private string NameOf(string userId) =>
        IsDemo ? $"Student {_studentNumbers.GetValueOrDefault(userId, 0)}" : _studentNames.GetValueOrDefault(userId) ?? "(unknown student)";

    private async Task RefreshAsync()
    {
        var dashboard = await Builder.BuildAsync(ClassId, _user!.UserId, _disposed.Token);
        _notFound = dashboard is null;
        _dashboard = dashboard;
        var students = dashboard?.Students ?? [];
        _studentNumbers = students.Select((s, i) => (s.UserId, i + 1)).ToDictionary(x => x.UserId, x => x.Item2, StringComparer.Ordinal);
        _studentNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in students) _studentNames.TryAdd(s.UserId, s.DisplayName); // the first row wins, as a search would
        _studentIds = students.Select(s => s.UserId).ToHashSet(StringComparer.Ordinal);
    }

    // Runs on the grading worker's thread: only this class's submissions matter. A user not on the dashboard may
    // have joined since it was built: ask the store which class they are in.
    private void OnSubmissionEvent(Submission submission)
    {
        if (_disposed.IsCancellationRequested) return;
        if (_studentIds.Contains(submission.UserId)) RequestRefresh();
        else _ = RefreshIfStudentOfThisClassAsync(submission.UserId, ClassId);
    }

    // Runs on the joining request's thread.
    private void OnStudentJoined(StudentJoined joined)
    {
        if (string.Equals(joined.ClassId, ClassId, StringComparison.Ordinal)) RequestRefresh();
    }

    private async Task RefreshIfStudentOfThisClassAsync(string userId, string classId)
    {
        try
        {
            var classroom = await Store.FindClassOfStudentAsync(userId, _disposed.Token);
            if (string.Equals(classroom?.Id, classId, StringComparison.Ordinal)) RequestRefresh();
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Looking up the class of user {UserId} for the dashboard of class {ClassId} failed", userId, classId);
        }
    }

    // Coalesces a burst of events into one rebuild on the circuit.
    private void RequestRefresh()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _refreshRequested, 1) == 1) return;
        _ = InvokeAsync(async () =>
        {
            if (_disposed.IsCancellationRequested) return;
            await _refreshGate.WaitAsync(CancellationToken.None);
            try
            {
                Interlocked.Exchange(ref _refreshRequested, 0);
                await RefreshAsync();
                StateHasChanged();
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Logger.LogError(ex, "Refreshing the dashboard of class {ClassId} failed", ClassId);
                await DispatchExceptionAsync(ex);
            }
            finally
            {
                _refreshGate.Release();
            }
        });
    }

    private void Select(MatrixCell cell)
    {
        if (_selected?.UserId != cell.UserId) _newReentryCode = null;
        _selected = IsDemo ? null : cell;
    }

    private void CloseDetail()
    {
        _selected = null;
        _newReentryCode = null;
    }

    private void Say(string message) =>
        _message = $"{DateTimeOffset.Now.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} · {message}";

    private async Task OnQuotasSaved(Classroom updated)
    {
        Say($"Quotas saved: {Quota(updated.RequestsPerMinute)} requests/min and {Quota(updated.TokensPerMinute)} tokens/min per student, from each student's next engine request.");
        await RefreshAsync();
    }

    private async Task ResetReentryCodeAsync(string userId)
    {
        var issued = await Classrooms.ResetReentryCodeAsync(ClassId, _user!.UserId, userId, _disposed.Token);
        _newReentryCode = issued is { } i ? (userId, i.ReentryCode) : null;
        Say(issued is null ? "That student is not in this class." : $"Issued a new re-entry code for {NameOf(userId)}; the old one no longer works.");
        await RefreshAsync();
    }

    private static string Quota(int value) => value <= 0 ? "unlimited" : value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private async Task ResetAsync((string UserId, string LabId, string ExerciseId) target)
    {
        var count = await Classrooms.ResetAttemptsAsync(ClassId, _user!.UserId, target.UserId, target.LabId, target.ExerciseId, _disposed.Token);
        var exercise = Catalog.FindLab(target.LabId)?.FindExercise(target.ExerciseId)?.Title ?? target.ExerciseId;
        Say(count is null
            ? "That student is not in this class."
            : $"Reset {count} attempt{(count == 1 ? "" : "s")} of {NameOf(target.UserId)} at \u201c{exercise}\u201d; their open lab page shows it.");
        await RefreshAsync();
    }

    private void ToggleDemo(ChangeEventArgs e)
    {
        var on = e.Value is true;
        var uri = Navigation.GetUriWithQueryParameter("demo", on ? "1" : null);
        _selected = null;
        Navigation.NavigateTo(uri);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_subscribed)
        {
            Events.SubmissionCreated -= OnSubmissionEvent;
            Events.SubmissionGraded -= OnSubmissionEvent;
            ClassEvents.StudentJoined -= OnStudentJoined;
        }
        _disposed.Cancel(); // not disposed: a refresh queued on the circuit may still read its token
        GC.SuppressFinalize(this);
    }
}
