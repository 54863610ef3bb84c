using Workbench.Lab.Content;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Builds <see cref="ClassDashboard"/> from the store (students, their submissions) and the catalog (labs,
/// exercises, checks). Reads everything afresh on each call: the UI rebuilds it when a submission event arrives.
/// A singleton.
/// </summary>
/// <param name="store">The store.</param>
/// <param name="catalog">The labs.</param>
/// <param name="classrooms">Ownership checks.</param>
/// <param name="time">The clock.</param>
public sealed class ClassDashboardBuilder(ILabStore store, ILabCatalog catalog, ClassroomService classrooms, TimeProvider time)
{
    /// <summary>How many recent submissions the dashboard lists: 50.</summary>
    public const int RecentCount = 50;

    /// <summary>The most submissions read for one dashboard: 100,000.</summary>
    private const int MaxSubmissions = 100_000;

    /// <summary>The dashboard of <paramref name="classId"/>, or null when the class does not exist or
    /// <paramref name="instructorId"/> does not own it.</summary>
    /// <param name="classId">The class.</param>
    /// <param name="instructorId">The asking instructor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ClassDashboard?> BuildAsync(string classId, string instructorId, CancellationToken cancellationToken)
    {
        var classroom = await classrooms.FindClassForInstructorAsync(classId, instructorId, cancellationToken).ConfigureAwait(false);
        if (classroom is null) return null;
        var students = await store.ListStudentsAsync(classId, cancellationToken).ConfigureAwait(false);
        var submissions = await store.ListClassSubmissionsAsync(classId, MaxSubmissions, cancellationToken).ConfigureAwait(false);
        return Build(classroom, catalog.Labs, students, submissions, time.GetUtcNow());
    }

    /// <summary>Builds the dashboard from data already read (pure; used by <see cref="BuildAsync"/>).</summary>
    /// <param name="classroom">The class.</param>
    /// <param name="labs">The labs, in display order.</param>
    /// <param name="students">The class's students.</param>
    /// <param name="submissions">Their submissions, newest first.</param>
    /// <param name="now">The build time.</param>
    public static ClassDashboard Build(Classroom classroom, IReadOnlyList<LabDefinition> labs, IReadOnlyList<UserAccount> students,
        IReadOnlyList<Submission> submissions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(classroom);
        ArgumentNullException.ThrowIfNull(labs);
        ArgumentNullException.ThrowIfNull(students);
        ArgumentNullException.ThrowIfNull(submissions);
        var byStudent = submissions.GroupBy(s => s.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        List<Submission> Of(string userId) => byStudent.TryGetValue(userId, out var list) ? list : [];

        var rows = students
            .OrderBy(s => s.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(student =>
            {
                var cells = labs.Select(lab => LabProgressCalculator.ForLab(lab, Of(student.Id))).ToList();
                return new StudentProgress(student.Id, student.DisplayName, cells, cells.Sum(c => c.Score), cells.Sum(c => c.MaxScore), student.ReentryCodeIssuedAt);
            })
            .ToList();

        var byExercise = submissions.ToLookup(s => (s.UserId, s.LabId, s.ExerciseId));
        var passRates = new List<CheckPassRate>();
        foreach (var lab in labs)
        {
            foreach (var exercise in lab.Exercises)
            {
                var latest = students
                    .Select(s => LabProgressCalculator.LatestScored(byExercise[(s.Id, lab.Id, exercise.Id)]))
                    .OfType<Submission>()
                    .ToList();
                foreach (var (checkId, title) in ChecksOf(exercise))
                {
                    var passed = latest.Count(s => s.Result!.Checks.Any(c => c.Id == checkId && c.Passed));
                    passRates.Add(new CheckPassRate(lab.Id, exercise.Id, checkId, title, passed, latest.Count,
                        latest.Count == 0 ? null : (double)passed / latest.Count));
                }
            }
        }

        var names = students.ToDictionary(s => s.Id, s => s.DisplayName, StringComparer.Ordinal);
        var labsById = labs.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var recent = submissions
            .OrderByDescending(s => s.CreatedAt)
            .Take(RecentCount)
            .Select(s =>
            {
                var lab = labsById.GetValueOrDefault(s.LabId);
                var exercise = lab?.FindExercise(s.ExerciseId);
                return new RecentSubmission(s.Id, s.UserId, names.GetValueOrDefault(s.UserId) ?? "(unknown student)",
                    s.LabId, lab?.Title ?? s.LabId, s.ExerciseId, exercise?.Title ?? s.ExerciseId, s.Attempt,
                    s.Result?.Score, exercise?.MaxScore ?? s.Result?.MaxScore ?? 0, s.Status, s.Result?.Outcome, s.IsReset, s.CreatedAt, s.GradedAt);
            })
            .ToList();

        return new ClassDashboard(classroom, labs.Select(l => new DashboardLab(l.Id, l.Title, l.MaxScore)).ToList(), rows, passRates, recent, now);
    }

    /// <summary>The graded items of an exercise: its checks, or a quiz's questions.</summary>
    private static IEnumerable<(string Id, string Title)> ChecksOf(ExerciseDefinition exercise) =>
        exercise.Kind == ExerciseKind.Quiz
            ? exercise.Questions.Select(q => (q.Id, q.Title))
            : exercise.Checks.Select(c => (c.Id, c.Title));
}
