using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Grading.Code;

namespace Workbench.Lab.Tests.Grading;

public sealed class CSharpCompilerTests : IDisposable
{
    private const string Checks = """
        using Workbench.LabSdk;

        namespace Hidden;

        public static class TheChecks
        {
            [Check("adds")]
            public static async Task Adds(CheckContext context)
            {
                if ((int?)await context.CallAsync("add", new System.Text.Json.Nodes.JsonArray(2, 3)) != 5)
                    throw new CheckFailedException("2 + 3 should be 5");
            }

            public static class Nested
            {
                [Check("nested")]
                public static Task Other(CheckContext context) => Task.CompletedTask;
            }
        }
        """;

    private const string Harness = """
        using System.Text.Json.Nodes;
        using Workbench.LabSdk;

        public static class TheHarness
        {
            [HarnessOperation("add")]
            public static JsonNode? Add(JsonNode? input, HarnessContext context) => Solution.Add((int)input![0]!, (int)input[1]!);
        }
        """;

    private readonly CSharpCompiler _compiler = new();
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void CompileStudentFiles_TypeError_ReportsOneBasedLineAndColumnInTheGivenFile()
    {
        var diagnostics = _compiler.CompileStudentFiles(new Dictionary<string, string>
        {
            ["Solution.cs"] = """
                public static class Solution
                {
                    public static int Add(int a, int b)
                    {
                        int sum = "text";
                        return sum;
                    }
                }
                """,
        });

        var error = Assert.Single(diagnostics, d => d.Severity == "error");
        Assert.Equal(("Solution.cs", 5, 19, "CS0029"), (error.File, error.Line, error.Column, error.Code));
        Assert.Equal((5, 25), (error.EndLine, error.EndColumn));
        Assert.Contains("Cannot implicitly convert type 'string' to 'int'", error.Message);
    }

    [Fact]
    public void CompileStudentFiles_ErrorsInTwoFiles_NamesEachFile()
    {
        var diagnostics = _compiler.CompileStudentFiles(new Dictionary<string, string>
        {
            ["A.cs"] = "public static class A { public static int F() => missing; }",
            ["B.cs"] = "public static class B\n{\n    public static int G() => A.F() +;\n}",
        });

        Assert.Contains(diagnostics, d => d is { File: "A.cs", Line: 1, Column: 50, Code: "CS0103" });
        Assert.Contains(diagnostics, d => d is { File: "B.cs", Line: 3, Severity: "error" });
    }

    [Fact]
    public void CompileStudentFiles_ImplicitUsingsAndSdk_CompileWithoutErrors()
    {
        var diagnostics = _compiler.CompileStudentFiles(new Dictionary<string, string>
        {
            ["Solution.cs"] = """
                using System.Net.Http.Json;
                using System.Text.Json;
                using Microsoft.Extensions.AI;
                using Workbench.LabSdk;

                public static class Solution
                {
                    public static async Task<int> CountAsync(LabContext lab, CancellationToken cancellationToken)
                    {
                        using var http = lab.CreateHttpClient();
                        var list = new List<int> { 1, 2, 3 };
                        var json = JsonSerializer.Serialize(list.Where(x => x > 1));
                        var reply = await lab.ChatClient.GetResponseAsync([new ChatMessage(ChatRole.User, json)], cancellationToken: cancellationToken);
                        var tokens = await lab.TokenizeAsync(reply.Text, cancellationToken);
                        await File.WriteAllTextAsync("out.txt", json, cancellationToken);
                        return tokens.Count;
                    }
                }
                """,
        });

        Assert.DoesNotContain(diagnostics, d => d.Severity == "error");
    }

    [Fact]
    public void CompileStudentFiles_Warning_IsReportedAsWarning()
    {
        var diagnostics = _compiler.CompileStudentFiles(new Dictionary<string, string>
        {
            ["Solution.cs"] = "public static class Solution { public static int F() { string text = null; return text.Length; } }",
        });

        Assert.All(diagnostics, d => Assert.Equal("warning", d.Severity));
        Assert.Contains(diagnostics, d => d.Code == "CS8600"); // nullable: the console app's default
    }

    [Fact]
    public void Compile_CorrectCode_EmitsTwoAssembliesAndFindsEveryOperationAndCheckMethod()
    {
        var result = Compile(Solution("public static int Add(int a, int b) => a + b;"), Checks);

        Assert.True(result.Succeeded);
        Assert.NotEmpty(result.AssemblyImage!);
        Assert.NotEmpty(result.Checks!.Image!);
        Assert.Equal([new HarnessOperation("add", "TheHarness", "Add")], result.Operations);
        Assert.Equal(
            [new CheckMethod("adds", "Hidden.TheChecks", "Adds"), new CheckMethod("nested", "Hidden.TheChecks+Nested", "Other")],
            result.CheckMethods);
    }

    [Fact]
    public void Compile_SandboxAssembly_HoldsNothingOfTheHiddenChecks()
    {
        var result = Compile(Solution("public static int Add(int a, int b) => a + b;"), Checks);

        // User strings are UTF-16 in the metadata; type names UTF-8. Neither may be in what the sandbox gets.
        Assert.True(Contains(result.Checks!.Image!, System.Text.Encoding.Unicode.GetBytes("2 + 3 should be 5")));
        Assert.False(Contains(result.AssemblyImage!, System.Text.Encoding.Unicode.GetBytes("2 + 3 should be 5")));
        Assert.False(Contains(result.AssemblyImage!, System.Text.Encoding.UTF8.GetBytes("TheChecks")));
    }

    [Fact]
    public void Compile_ChecksThatDoNotCompileAlone_AreTheExercisesErrorNotTheStudents()
    {
        var result = Compile(Solution("public static int Add(int a, int b) => a + b;"), Checks.Replace("await context.CallAsync", "Solution.Add(2, 3) + await context.CallAsync"));

        Assert.True(result.Succeeded);
        Assert.Null(result.ChecksError);
        Assert.Null(result.Checks!.Image);
        Assert.StartsWith("The exercise's checks do not compile: ", result.Checks.Error);
        Assert.Contains("'Solution'", result.Checks.Error);
    }

    [Fact]
    public void Compile_WarningOnly_StillSucceedsAndReportsTheWarning()
    {
        var result = Compile(Solution("public static int Add(int a, int b) { int unused; return a + b; }"), Checks);

        Assert.True(result.Succeeded);
        Assert.Contains(result.Diagnostics, d => d is { Severity: "warning", Code: "CS0168", File: "Solution.cs" });
    }

    [Fact]
    public void Compile_StudentError_ReturnsDiagnosticsAndNoAssembly()
    {
        var result = Compile(Solution("public static int Add(int a, int b) => a + c;"), Checks);

        Assert.False(result.Succeeded);
        Assert.True(result.HasStudentErrors);
        Assert.Null(result.ChecksError);
        Assert.Contains(result.Diagnostics, d => d is { Code: "CS0103", Line: 3 });
    }

    [Fact]
    public void Compile_RenamedMethod_ExplainsWhatTheChecksExpected()
    {
        var result = Compile(Solution("public static int Plus(int a, int b) => a + b;"), Checks);

        Assert.False(result.Succeeded);
        Assert.False(result.HasStudentErrors);
        Assert.NotNull(result.ChecksError);
        Assert.Contains("'Solution' does not contain a definition for 'Add'", result.ChecksError);
        Assert.Contains("the checks use Solution.Add", result.ChecksError);
        Assert.DoesNotContain("2 + 3 should be 5", result.ChecksError); // nothing of the checks' code
    }

    private static Dictionary<string, string> Solution(string member) =>
        new() { ["Solution.cs"] = $"public static class Solution\n{{\n    {member}\n}}\n" };

    private SubmissionCompilation Compile(Dictionary<string, string> files, string checks)
    {
        var checksPath = _directory.File("Checks.cs");
        File.WriteAllText(checksPath, checks);
        var harnessPath = _directory.File("Harness.cs");
        File.WriteAllText(harnessPath, Harness);
        return _compiler.Compile(files, [harnessPath], checksPath);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
