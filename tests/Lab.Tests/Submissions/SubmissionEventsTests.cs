using Microsoft.Extensions.Logging;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;

namespace Workbench.Lab.Tests.Submissions;

public sealed class SubmissionEventsTests
{
    [Fact]
    public void RaiseGraded_HandlerThrows_LogsAndStillCallsTheOthers()
    {
        var logger = new ListLogger();
        var events = new SubmissionEvents(logger);
        var seen = new List<string>();
        events.SubmissionGraded += s => seen.Add("first " + s.Id);
        events.SubmissionGraded += _ => throw new InvalidOperationException("handler bug");
        events.SubmissionGraded += s => seen.Add("third " + s.Id);

        events.RaiseGraded(Sample("s1"));

        Assert.Equal(["first s1", "third s1"], seen);
        var (level, exception) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Equal("handler bug", exception?.Message);
    }

    [Fact]
    public void RaiseCreated_RaisesOnlyCreated()
    {
        var events = new SubmissionEvents(new ListLogger());
        var created = new List<Submission>();
        var graded = new List<Submission>();
        events.SubmissionCreated += created.Add;
        events.SubmissionGraded += graded.Add;
        var submission = Sample("s2");

        events.RaiseCreated(submission);

        Assert.Equal([submission], created);
        Assert.Empty(graded);
    }

    private static Submission Sample(string id) => new(
        id, "u", "lab", "ex", 1, SubmissionPayload.FromFiles(new Dictionary<string, string>()), SubmissionStatus.Graded,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, false);

    private sealed class ListLogger : ILogger<SubmissionEvents>
    {
        public List<(LogLevel, Exception?)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, exception));
    }
}
