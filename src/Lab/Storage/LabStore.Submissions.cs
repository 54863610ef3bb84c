using System.Data.Common;
using System.Text;
using System.Text.Json;
using Dapper;
using Workbench.Lab.Grading;

namespace Workbench.Lab.Storage;

public sealed partial class LabStore
{
    private const int MaxAttemptRetries = 10;

    private const string SubmissionColumns =
        "s.id AS Id, s.user_id AS UserId, s.lab_id AS LabId, s.exercise_id AS ExerciseId, s.attempt AS Attempt, " +
        "s.payload AS Payload, s.status AS Status, s.result AS Result, s.is_reset AS IsReset, s.created_at AS CreatedAt, s.graded_at AS GradedAt";

    /// <inheritdoc />
    public async Task<Submission> CreateSubmissionAsync(string userId, string labId, string exerciseId, SubmissionPayload payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(labId);
        ArgumentException.ThrowIfNullOrEmpty(exerciseId);
        ArgumentNullException.ThrowIfNull(payload);
        var json = JsonSerializer.Serialize(payload, LabStoreJsonContext.Default.SubmissionPayload);
        var key = new { UserId = userId, LabId = labId, ExerciseId = exerciseId };

        // The next attempt is MAX + 1 inside a write transaction that serializes writers of this (user, lab,
        // exercise): SQLite's IMMEDIATE transaction, PostgreSQL's advisory lock. The unique constraint on
        // (user, lab, exercise, attempt) backs it up; a conflict is retried.
        for (var retry = 0; ; retry++)
        {
            await using var connection = await _connections.OpenAsync(cancellationToken);
            try
            {
                await using var tx = await BeginWriteAsync(connection, $"attempt:{userId}:{labId}:{exerciseId}", cancellationToken);
                var attempt = await connection.ExecuteScalarAsync<int>(Command(
                    "SELECT COALESCE(MAX(attempt), 0) + 1 FROM submissions WHERE user_id = @UserId AND lab_id = @LabId AND exercise_id = @ExerciseId",
                    key, tx, cancellationToken));
                var submission = new Submission(
                    Guid.NewGuid().ToString("N"), userId, labId, exerciseId, attempt, payload, SubmissionStatus.Pending,
                    FromUnixMs(NowMs()), null, null, false);
                await connection.ExecuteAsync(Command(
                    "INSERT INTO submissions (id, user_id, lab_id, exercise_id, attempt, payload, status, is_reset, created_at) " +
                    "VALUES (@Id, @UserId, @LabId, @ExerciseId, @Attempt, @Payload, 'pending', @IsReset, @CreatedAt)",
                    new
                    {
                        submission.Id,
                        UserId = userId,
                        LabId = labId,
                        ExerciseId = exerciseId,
                        Attempt = attempt,
                        Payload = json,
                        IsReset = false,
                        CreatedAt = submission.CreatedAt.ToUnixTimeMilliseconds(),
                    },
                    tx, cancellationToken));
                await tx.CommitAsync(cancellationToken);
                return submission;
            }
            catch (DbException e) when (_dialect.IsUniqueViolation(e, out _) && retry < MaxAttemptRetries)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 20)), cancellationToken);
            }
            catch (DbException e) when (_dialect.IsForeignKeyViolation(e))
            {
                throw new StoreException($"No user has id '{userId}'.", e);
            }
        }
    }

    /// <inheritdoc />
    public async Task MarkGradingAsync(string submissionId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "UPDATE submissions SET status = 'grading', grading_started_at = @Now WHERE id = @submissionId AND status <> 'graded'",
            new { submissionId, Now = NowMs() }, null, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset> CompleteSubmissionAsync(string submissionId, GradeResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = JsonSerializer.Serialize(result, LabStoreJsonContext.Default.GradeResult);
        var now = NowMs();
        await using var connection = await _connections.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(Command(
            "UPDATE submissions SET status = 'graded', outcome = @Outcome, score = @Score, max_score = @MaxScore, result = @Result, graded_at = @Now " +
            "WHERE id = @submissionId",
            new { submissionId, Outcome = OutcomeName(result.Outcome), result.Score, result.MaxScore, Result = json, Now = now },
            tx, cancellationToken));
        if (changed == 0)
        {
            throw new KeyNotFoundException($"No submission has id '{submissionId}'.");
        }
        await connection.ExecuteAsync(Command("DELETE FROM grades WHERE submission_id = @submissionId", new { submissionId }, tx, cancellationToken));
        if (result.Checks.Count > 0)
        {
            var rows = result.Checks.Select((c, i) => new GradeRow
            {
                SubmissionId = submissionId,
                Position = i,
                CheckId = c.Id,
                Passed = c.Passed,
                Points = c.Points,
                MaxPoints = c.MaxPoints,
                Message = c.Message,
            });
            await connection.ExecuteAsync(Command(
                "INSERT INTO grades (submission_id, position, check_id, passed, points, max_points, message) " +
                "VALUES (@SubmissionId, @Position, @CheckId, @Passed, @Points, @MaxPoints, @Message)",
                rows, tx, cancellationToken));
        }
        await tx.CommitAsync(cancellationToken);
        return FromUnixMs(now);
    }

    /// <inheritdoc />
    public async Task<Submission?> FindSubmissionAsync(string submissionId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubmissionRow>(Command(
            $"SELECT {SubmissionColumns} FROM submissions s WHERE s.id = @submissionId", new { submissionId }, null, cancellationToken));
        return row is null ? null : ToRecord(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Submission>> ListSubmissionsAsync(string userId, string? labId, string? exerciseId, CancellationToken cancellationToken)
    {
        if (exerciseId is not null && labId is null)
        {
            throw new ArgumentException("An exercise filter needs its lab.", nameof(exerciseId));
        }
        var sql = new StringBuilder($"SELECT {SubmissionColumns} FROM submissions s WHERE s.user_id = @userId");
        if (labId is not null)
        {
            sql.Append(" AND s.lab_id = @labId");
        }
        if (exerciseId is not null)
        {
            sql.Append(" AND s.exercise_id = @exerciseId");
        }
        sql.Append(" ORDER BY s.created_at DESC, s.attempt DESC, s.id");
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubmissionRow>(Command(sql.ToString(), new { userId, labId, exerciseId }, null, cancellationToken));
        return [.. rows.Select(ToRecord)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Submission>> ListClassSubmissionsAsync(string classId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubmissionRow>(Command(
            $"SELECT {SubmissionColumns} FROM submissions s JOIN enrolments e ON e.user_id = s.user_id AND e.class_id = @classId " +
            "ORDER BY s.created_at DESC, s.attempt DESC, s.id LIMIT @limit",
            new { classId, limit }, null, cancellationToken));
        return [.. rows.Select(ToRecord)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Submission>> ListUngradedSubmissionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubmissionRow>(Command(
            $"SELECT {SubmissionColumns} FROM submissions s WHERE s.status <> 'graded' ORDER BY s.created_at, s.attempt, s.id",
            null, null, cancellationToken));
        return [.. rows.Select(ToRecord)];
    }

    /// <inheritdoc />
    public async Task<int> ResetAttemptsAsync(string userId, string labId, string exerciseId, CancellationToken cancellationToken)
    {
        await using var connection = await _connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(Command(
            "UPDATE submissions SET is_reset = @True WHERE user_id = @userId AND lab_id = @labId AND exercise_id = @exerciseId AND is_reset = @False",
            new { userId, labId, exerciseId, True = true, False = false }, null, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CheckPassCount>> ListCheckPassCountsAsync(string classId, CancellationToken cancellationToken)
    {
        // Counted: graded, not reset, not an Error outcome (not the student's fault); per student and exercise
        // only the highest counted attempt.
        await using var connection = await _connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PassCountRow>(Command(
            """
            SELECT s.lab_id AS LabId, s.exercise_id AS ExerciseId, g.check_id AS CheckId,
                   SUM(CASE WHEN g.passed THEN 1 ELSE 0 END) AS Passed, COUNT(*) AS Graded
            FROM submissions s
            JOIN enrolments e ON e.user_id = s.user_id AND e.class_id = @classId
            JOIN grades g ON g.submission_id = s.id
            WHERE s.status = 'graded' AND s.is_reset = @False AND s.outcome <> 'error'
              AND s.attempt = (SELECT MAX(l.attempt) FROM submissions l
                               WHERE l.user_id = s.user_id AND l.lab_id = s.lab_id AND l.exercise_id = s.exercise_id
                                 AND l.status = 'graded' AND l.is_reset = @False AND l.outcome <> 'error')
            GROUP BY s.lab_id, s.exercise_id, g.check_id
            ORDER BY s.lab_id, s.exercise_id, MIN(g.position), g.check_id
            """,
            new { classId, False = false }, null, cancellationToken));
        return [.. rows.Select(r => new CheckPassCount(r.LabId, r.ExerciseId, r.CheckId, (int)r.Passed, (int)r.Graded))];
    }

    private static Submission ToRecord(SubmissionRow row) => new(
        row.Id,
        row.UserId,
        row.LabId,
        row.ExerciseId,
        row.Attempt,
        JsonSerializer.Deserialize(row.Payload, LabStoreJsonContext.Default.SubmissionPayload)
            ?? throw new InvalidDataException($"Submission {row.Id} has an empty payload."),
        row.Status switch
        {
            "pending" => SubmissionStatus.Pending,
            "grading" => SubmissionStatus.Grading,
            "graded" => SubmissionStatus.Graded,
            _ => throw new InvalidDataException($"Submission {row.Id} has an unknown status '{row.Status}'."),
        },
        FromUnixMs(row.CreatedAt),
        row.GradedAt is { } graded ? FromUnixMs(graded) : null,
        row.Result is null ? null : JsonSerializer.Deserialize(row.Result, LabStoreJsonContext.Default.GradeResult),
        row.IsReset);

    private static string OutcomeName(GradeOutcome outcome) => outcome switch
    {
        GradeOutcome.Graded => "graded",
        GradeOutcome.CompileError => "compile_error",
        GradeOutcome.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
