using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbench.Lab.Content;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Grading.Submissions;

/// <summary>
/// Grades queued submissions in the background, <see cref="LabOptions.GradingConcurrency"/> at a time. At start it
/// waits for the schema migration, then queues every ungraded submission (pending, or grading when the last process
/// stopped). Each submission is marked <see cref="SubmissionStatus.Grading"/>, graded by
/// <see cref="IExerciseGrader"/>, completed in the database and announced through
/// <see cref="SubmissionEvents.SubmissionGraded"/>. A grader failure is stored as a
/// <see cref="GradeOutcome.Error"/> result with a safe message. At shutdown grading is cancelled and in-flight
/// submissions stay <see cref="SubmissionStatus.Grading"/>, so the next start grades them again.
/// </summary>
public sealed class GradingWorker : BackgroundService
{
    /// <summary>The message of a <see cref="GradeOutcome.Error"/> result when the grader failed.</summary>
    public const string GraderFailedMessage = "Grading failed because of a problem on the server, not in your work. Submit again; if it keeps failing, tell your instructor.";

    private readonly GradingQueue _queue;
    private readonly ILabStore _store;
    private readonly ILabCatalog _catalog;
    private readonly IExerciseGrader _grader;
    private readonly SubmissionEvents _events;
    private readonly int _concurrency;
    private readonly ILogger<GradingWorker> _logger;
    private readonly LabStoreMigrationService? _migration;

    /// <summary>A worker over the given services.</summary>
    /// <param name="queue">Where submission ids arrive.</param>
    /// <param name="store">The database.</param>
    /// <param name="catalog">The labs (to find each submission's exercise).</param>
    /// <param name="grader">Grades one submission.</param>
    /// <param name="events">Where grading is announced.</param>
    /// <param name="options">Supplies <see cref="LabOptions.GradingConcurrency"/> (1..16).</param>
    /// <param name="logger">Logs progress and failures.</param>
    /// <param name="migration">Awaited before the first query; null when the schema is migrated already.</param>
    public GradingWorker(
        GradingQueue queue,
        ILabStore store,
        ILabCatalog catalog,
        IExerciseGrader grader,
        SubmissionEvents events,
        IOptions<LabOptions> options,
        ILogger<GradingWorker> logger,
        LabStoreMigrationService? migration = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _store = store;
        _catalog = catalog;
        _grader = grader;
        _events = events;
        _concurrency = Math.Clamp(options.Value.GradingConcurrency, 1, 16);
        _logger = logger;
        _migration = migration;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (_migration is not null)
        {
            await _migration.Migrated.WaitAsync(stoppingToken);
        }
        var ungraded = await _store.ListUngradedSubmissionsAsync(stoppingToken);
        foreach (var submission in ungraded)
        {
            _queue.Enqueue(submission.Id);
        }
        if (ungraded.Count > 0)
        {
            _logger.LogInformation("Resuming {Count} ungraded submission(s).", ungraded.Count);
        }
        await Task.WhenAll(Enumerable.Range(0, _concurrency).Select(_ => ConsumeAsync(stoppingToken)));
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await GradeAsync(id, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    _logger.LogInformation("Shutting down: submission {SubmissionId} is left for the next start.", id);
                    return;
                }
                catch (Exception e)
                {
                    // The database failed; the submission stays ungraded and is resumed at the next start.
                    _logger.LogError(e, "Could not process submission {SubmissionId}.", id);
                }
                finally
                {
                    _queue.Release(id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task GradeAsync(string id, CancellationToken stoppingToken)
    {
        var submission = await _store.FindSubmissionAsync(id, stoppingToken);
        if (submission is null || submission.Status == SubmissionStatus.Graded)
        {
            return;
        }
        await _store.MarkGradingAsync(id, stoppingToken);
        var started = Stopwatch.GetTimestamp();
        var lab = _catalog.FindLab(submission.LabId);
        var exercise = lab?.FindExercise(submission.ExerciseId);
        GradeResult result;
        if (lab is null || exercise is null)
        {
            result = ErrorResult(submission, 0, started, $"Exercise '{submission.LabId}/{submission.ExerciseId}' no longer exists; this submission cannot be graded.");
        }
        else
        {
            try
            {
                result = await _grader.GradeAsync(new GradingRequest(lab, exercise, submission.Payload, submission.Attempt, submission.UserId), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Grading submission {SubmissionId} ({LabId}/{ExerciseId}) failed.", id, lab.Id, exercise.Id);
                result = ErrorResult(submission, exercise.MaxScore, started, GraderFailedMessage);
            }
        }

        // The grade is written even when shutdown began meanwhile: it is done work.
        var gradedAt = await _store.CompleteSubmissionAsync(id, result, CancellationToken.None);
        _logger.LogInformation("Graded submission {SubmissionId}: {Outcome} {Score}/{MaxScore} in {Duration} ms.",
            id, result.Outcome, result.Score, result.MaxScore, (long)result.Duration.TotalMilliseconds);
        _events.RaiseGraded(submission with { Status = SubmissionStatus.Graded, Result = result, GradedAt = gradedAt });
    }

    private static GradeResult ErrorResult(Submission submission, int maxScore, long started, string message) =>
        new(GradeOutcome.Error, 0, maxScore, Stopwatch.GetElapsedTime(started), submission.Attempt, [], [], message);
}
