using System.Text;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// Issue 10, findings 1 and 2, as real submissions of lab 02's sliding-window graded by the real grader, sandbox and
/// gateway: a result the sandbox prints is never a verdict, and the hidden checks never enter the sandbox.
/// </summary>
[Collection(GradingCollection.Name)]
public sealed class JudgeIsolationTests(GradingFixture fixture)
{
    /// <summary>Texts that exist only in lab 02's hidden checks (failure messages, descriptions of hidden inputs).</summary>
    public static readonly string[] HiddenTexts =
    [
        "The tool result alone would fit, but not with the call that asked for it",
        "An over-long message in the middle ends the window: nothing older is kept",
        "A budget that holds the whole conversation",
        "Two parallel calls: the call and both results fit",
        "so throw ContextWindowExceededException: going past the context window is never silent.",
    ];

    private static LabDefinition Lab => RealLabs.Get("02-chat-history");

    private static ExerciseDefinition SlidingWindow => Lab.FindExercise("sliding-window")!;

    /// <summary>Lab 02's Solution.cs that writes a passing result line for every check and trial to the real
    /// standard output — in the sandbox's old report format and as answers of the channel — then ends with
    /// <paramref name="ending"/>.</summary>
    public static string ForgedStdoutSolution(string ending) => $$$"""
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
                        lines.Append($"{{\"check\":\"{check}\",\"trial\":{trial},\"passed\":true,\"message\":\"\",\"durationMs\":1}}\n");
                for (var id = 1; id <= 500; id++)
                    lines.Append($"{{\"id\":{id},\"output\":{{\"kept\":[0]}},\"error\":null}}\n");
                using var stdout = Console.OpenStandardOutput();
                stdout.Write(Encoding.UTF8.GetBytes(lines.ToString()));
                stdout.Flush();
                Console.Out.Write(lines.ToString());
                Console.Out.Flush();
                {{{ending}}}
            }
        }
        """;

    [Theory]
    [InlineData("throw new InvalidOperationException(\"forged\");")]
    [InlineData("Environment.Exit(0); return messages;")]
    public async Task GradeAsync_ResultLinesForgedOnStandardOutput_ScoreNothing(string ending)
    {
        var result = await GradeAsync(ForgedStdoutSolution(ending));

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.False(c.Passed, $"{c.Id}: {c.Message}"));
        if (ending.StartsWith("throw", StringComparison.Ordinal))
            Assert.All(result.Checks, c => Assert.Contains("InvalidOperationException: forged (at Solution.cs:", c.Message));
        else
            Assert.StartsWith("crashed: the program ended (exit code 0) before every check had run", result.Message);
    }

    [Fact]
    public async Task GradeAsync_ReflectionOverEverythingTheSandboxHolds_FindsNoHiddenText()
    {
        var checks = await File.ReadAllTextAsync(SlidingWindow.ChecksFilePath!);
        Assert.All(HiddenTexts, text => Assert.Contains(text, checks)); // the texts are the checks' own

        var result = await GradeAsync(ReflectionSolution(HiddenTexts));

        RealLabs.AssertGraded(result);
        var report = result.Checks[0].Message;
        Assert.Matches(@"^InvalidOperationException: collected \d{4,} strings; harness visible: True; hidden found: 0\b", report);
        Assert.All(result.Checks, c => Assert.Contains("hidden found: 0", c.Message));
    }

    /// <summary>Lab 02's Solution.cs that gathers every string it can reach — every loaded assembly's type and
    /// member names, the static fields of every non-framework type (one level into their objects), the user-string
    /// heap of every non-framework module (<c>Module.ResolveString</c>), every file under its working directory, and
    /// <c>/proc/self/cmdline</c> and <c>environ</c> — and reports how many of <paramref name="hidden"/> (carried
    /// base64-encoded, so the submission itself does not hold them) occur in any of them.</summary>
    public static string ReflectionSolution(IEnumerable<string> hidden) => $$"""
        using System.Collections;
        using System.Reflection;
        using System.Text;
        using Microsoft.Extensions.AI;

        public sealed class ContextWindowExceededException(string message) : Exception(message);

        public static class Solution
        {
            private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

            public static IReadOnlyList<ChatMessage> SlidingWindow(IReadOnlyList<ChatMessage> messages, int tokenBudget, Func<ChatMessage, int> countTokens)
            {
                var seen = new List<string>();
                foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
                {
                    var name = assembly.GetName().Name ?? "";
                    var framework = name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft", StringComparison.Ordinal) || name is "mscorlib" or "netstandard";
                    Type?[] types;
                    try { types = assembly.GetTypes(); } catch (ReflectionTypeLoadException e) { types = e.Types; }
                    foreach (var type in types)
                    {
                        if (type is null) continue;
                        seen.Add(type.FullName ?? type.Name);
                        try { foreach (var member in type.GetMembers(All)) seen.Add(member.Name); } catch (Exception) { }
                        if (framework || type.ContainsGenericParameters) continue;
                        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
                        {
                            try { Collect(field.GetValue(null), seen, 0); } catch (Exception) { }
                        }
                    }
                    if (framework) continue;
                    foreach (var module in assembly.GetModules()) UserStrings(module, seen);
                }
                foreach (var file in Directory.EnumerateFiles(".", "*", SearchOption.AllDirectories))
                {
                    try
                    {
                        var bytes = File.ReadAllBytes(file);
                        seen.Add(Encoding.UTF8.GetString(bytes));
                        seen.Add(Encoding.Unicode.GetString(bytes));
                    }
                    catch (Exception) { }
                }
                foreach (var path in new[] { "/proc/self/cmdline", "/proc/self/environ" })
                {
                    try { seen.Add(File.ReadAllText(path)); } catch (Exception) { }
                }

                var wanted = new[] { {{string.Join(", ", hidden.Select(h => "\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(h)) + "\""))}} }
                    .Select(b => Encoding.UTF8.GetString(Convert.FromBase64String(b))).ToList();
                var found = wanted.Count(w => seen.Any(s => s.Contains(w, StringComparison.Ordinal)));
                var harness = seen.Any(s => s.StartsWith("countTokens was called with a message", StringComparison.Ordinal));
                throw new InvalidOperationException($"collected {seen.Count} strings; harness visible: {harness}; hidden found: {found}");
            }

            private static void Collect(object? value, List<string> seen, int depth)
            {
                switch (value)
                {
                    case null: return;
                    case string text: seen.Add(text); return;
                    case IEnumerable items when depth < 2:
                        foreach (var item in items) Collect(item, seen, depth + 1);
                        return;
                }
                if (depth >= 2 || value.GetType().IsPrimitive) return;
                foreach (var field in value.GetType().GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
                {
                    try { Collect(field.GetValue(value), seen, depth + 1); } catch (Exception) { }
                }
            }

            /// <summary>Walks the #US heap: each entry is a compressed length, UTF-16 text and one final byte.</summary>
            private static void UserStrings(Module module, List<string> seen)
            {
                for (var offset = 1; offset < 1 << 24;)
                {
                    string text;
                    try { text = module.ResolveString(0x70000000 | offset); } catch (Exception) { return; }
                    seen.Add(text);
                    var blob = text.Length * 2 + 1;
                    offset += (blob < 0x80 ? 1 : blob < 0x4000 ? 2 : 4) + blob;
                }
            }
        }
        """;

    private Task<GradeResult> GradeAsync(string solution) =>
        fixture.Grader.GradeAsync(TestExercises.Submit(Lab, SlidingWindow, new Dictionary<string, string> { ["Solution.cs"] = solution }), CancellationToken.None);
}
