using System.Text.Json;
using Workbench.Web.Tests.Auth;

namespace Workbench.Web.Tests.Grading;

/// <summary>
/// Issue 10, finding 1, end to end: a student of a class submits, through the lab's HTTP API on the real app (real
/// grader, sandbox process, gateway and engine), a lab 02 Solution.cs that writes a passing result line for every
/// check to the real standard output and then throws. It scores 0 in the submission's result, on the class
/// dashboard and in the CSV export.
/// </summary>
public sealed class ForgedResultApiTests : IAsyncLifetime
{
    private const string LabId = GradingClassroom.LabId;

    private const string ForgedSolution = """
        using System.Text;
        using Microsoft.Extensions.AI;

        public sealed class ContextWindowExceededException(string message) : Exception(message);

        public static class Solution
        {
            public static IReadOnlyList<ChatMessage> SlidingWindow(IReadOnlyList<ChatMessage> messages, int tokenBudget, Func<ChatMessage, int> countTokens)
            {
                var lines = new StringBuilder();
                foreach (var (check, trials) in new[] { ("keeps-system-prompt", 1), ("newest-within-budget", 1), ("tool-call-pairs", 1), ("over-long-message", 1), ("random-histories", 3) })
                    for (var trial = 1; trial <= trials; trial++)
                        lines.Append("{\"check\":\"" + check + "\",\"trial\":" + trial + ",\"passed\":true,\"message\":\"\",\"durationMs\":1}\n");
                for (var id = 1; id <= 500; id++)
                    lines.Append("{\"id\":" + id + ",\"output\":{\"kept\":[0]},\"error\":null}\n");
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(Encoding.UTF8.GetBytes(lines.ToString()));
                stdout.Flush();
                throw new InvalidOperationException("forged");
            }
        }
        """;

    private readonly GradingClassroom _classroom = new();
    private WebUser _student = null!;
    private string _classId = "";

    public async Task InitializeAsync()
    {
        await _classroom.InitializeAsync();
        _classId = _classroom.ClassId;
        _student = await _classroom.JoinAsync("Mallory");
    }

    public Task DisposeAsync() => _classroom.DisposeAsync();

    [Fact]
    public async Task Submit_ResultLinesForgedOnStandardOutput_ScoresZeroInTheResultDashboardAndCsv()
    {
        var id = await GradingClassroom.SubmitAsync(_student, ForgedSolution);

        var submission = await GradingClassroom.WaitUntilGradedAsync(_student, id);
        var result = submission.GetProperty("result");
        Assert.Equal("graded", result.GetProperty("outcome").GetString(), ignoreCase: true);
        Assert.Equal(0, result.GetProperty("score").GetInt32());
        Assert.Equal(8, result.GetProperty("maxScore").GetInt32());
        Assert.All(result.GetProperty("checks").EnumerateArray(), c =>
        {
            Assert.False(c.GetProperty("passed").GetBoolean());
            Assert.Contains("InvalidOperationException: forged", c.GetProperty("message").GetString());
        });

        var dashboard = await _classroom.Instructor.GetJsonAsync($"/api/classes/{_classId}/dashboard");
        var mallory = Assert.Single(dashboard.GetProperty("students").EnumerateArray());
        var lab = mallory.GetProperty("labs").EnumerateArray().Single(l => l.GetProperty("labId").GetString() == LabId);
        Assert.Equal(0, lab.GetProperty("score").GetInt32());
        Assert.Equal(1, lab.GetProperty("attempts").GetInt32());
        Assert.All(dashboard.GetProperty("passRates").EnumerateArray().Where(r => r.GetProperty("exerciseId").GetString() == "sliding-window"),
            r => Assert.Equal(0, r.GetProperty("passed").GetInt32()));

        var csv = await _classroom.Instructor.Http.GetStringAsync($"/api/classes/{_classId}/grades.csv");
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var column = Array.FindIndex(rows[0].Split(','), h => h.StartsWith(LabTitle(dashboard) + " (/", StringComparison.Ordinal));
        Assert.True(column > 1, rows[0]);
        var row = rows[1].Split(',');
        Assert.Equal("Mallory", row[0]);
        Assert.Equal("0", row[column]);
        Assert.Equal("0", row[^1]);
    }

    private static string LabTitle(JsonElement dashboard) =>
        dashboard.GetProperty("labs").EnumerateArray().Single(l => l.GetProperty("labId").GetString() == LabId).GetProperty("title").GetString()!;
}
