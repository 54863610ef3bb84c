using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Workbench.Sandbox;

/// <summary>
/// <c>Workbench.Sandbox --csharp-tests &lt;folder&gt;</c> (the sandbox's <c>cstest</c> command): a C# test runner that
/// needs no SDK, NuGet or xunit, for the coding agent's tasks (issue 14 §3). It compiles every <c>*.cs</c> file under
/// the folder (recursively, <c>bin/</c>, <c>obj/</c> and dot-folders skipped, ordinal path order) into one library
/// with Roslyn — C# 13, nullable enabled, the implicit usings of a console app (System, System.Collections.Generic,
/// System.IO, System.Linq, System.Threading, System.Threading.Tasks) — against this runtime's own <c>System.*</c>
/// assemblies (the trusted platform assemblies), loads it and runs the tests.
/// <para><b>The convention:</b> a test is a <c>public static</c> method without parameters whose name starts with
/// <c>Test</c>, returning <c>void</c>, <see cref="Task"/> or <see cref="ValueTask"/>, in a class whose name ends with
/// <c>Tests</c> (nested or not, any namespace). It passes when it returns, fails when it throws (or when it runs
/// longer than <see cref="TestTimeout"/>). Tests run one at a time in ordinal order of <c>Class.Method</c>.</para>
/// <para><b>Output</b> (standard output): one line per test, <c>PASS Class.Method</c> or
/// <c>FAIL Class.Method: ExceptionType: message (File.cs:line)</c>, then the summary <c>N passed, M failed</c>.
/// A compile error prints <c>file(line,col): error CSxxxx: message</c> (file relative to the folder) per error and
/// <c>compilation failed: E error(s)</c>. <b>Exit code</b>: 0 only when at least one test ran and none failed;
/// 1 when a test failed, none was found or the code does not compile; 2 for a bad command line.</para>
/// </summary>
internal static class CSharpTestHost
{
    /// <summary>The command-line switch of this mode.</summary>
    public const string Switch = "--csharp-tests";

    /// <summary>How long one test may run before it counts as failed and the run ends.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp13);

    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>Runs the mode; returns the process exit code.</summary>
    /// <param name="args">The whole command line: <c>--csharp-tests &lt;folder&gt;</c>.</param>
    public static int Run(string[] args)
    {
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        if (args.Length != 2 || args[0] != Switch || !Directory.Exists(args[1]))
        {
            output.WriteLine($"usage: cstest <folder>  (a folder of *.cs files; tests are public static Test*() methods of classes named *Tests)");
            return 2;
        }
        var folder = Path.GetFullPath(args[1]);
        var sources = SourceFiles(folder);
        if (sources.Count == 0)
        {
            output.WriteLine($"no *.cs files under {args[1]}");
            output.WriteLine("0 passed, 0 failed");
            return 1;
        }

        var assembly = Compile(folder, sources, output);
        if (assembly is null) return 1;
        var tests = Discover(assembly);
        if (tests.Count == 0)
        {
            output.WriteLine("no tests found (a test is a public static parameterless method named Test* in a class named *Tests)");
            output.WriteLine("0 passed, 0 failed");
            return 1;
        }

        int passed = 0, failed = 0;
        foreach (var (name, method) in tests)
        {
            var error = RunOne(method, out var timedOut);
            if (error is null)
            {
                passed++;
                output.WriteLine($"PASS {name}");
            }
            else
            {
                failed++;
                output.WriteLine($"FAIL {name}: {error}");
            }
            if (timedOut) break; // the test's thread is still running: end the process
        }
        output.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 && passed > 0 ? 0 : 1;
    }

    private static List<string> SourceFiles(string folder)
    {
        var files = new List<string>();
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue; // a link's target is not part of the folder
                if (entry is DirectoryInfo sub)
                {
                    if (sub.Name is not ("bin" or "obj") && !sub.Name.StartsWith('.')) pending.Push(sub.FullName);
                }
                else if (entry.Name.EndsWith(".cs", StringComparison.Ordinal))
                {
                    files.Add(entry.FullName);
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static Assembly? Compile(string folder, List<string> sources, StreamWriter output)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(SourceText.From(GlobalUsings, Encoding.UTF8), ParseOptions, path: "GlobalUsings.g.cs") };
        foreach (var file in sources)
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            using var stream = File.OpenRead(file);
            trees.Add(CSharpSyntaxTree.ParseText(SourceText.From(stream, Encoding.UTF8, canBeEmbedded: true), ParseOptions, path: relative));
        }
        var compilation = CSharpCompilation.Create("CsTests_" + Guid.NewGuid().ToString("N"), trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Debug, // exact lines in stack traces
                allowUnsafe: false));
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
            foreach (var error in errors) output.WriteLine(Format(error));
            output.WriteLine($"compilation failed: {errors.Count} error(s)");
            return null;
        }
        pe.Position = 0;
        pdb.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(pe, pdb);
    }

    /// <summary><c>file(line,col): error CSxxxx: message</c>, 1-based, as csc and MSBuild print it.</summary>
    private static string Format(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var where = diagnostic.Location.IsInSource
            ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): "
            : "";
        return $"{where}error {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>The runtime's own <c>System.*</c>, <c>netstandard</c> and <c>mscorlib</c> assemblies (the app is
    /// self-contained, so these are the implementation assemblies the code will run on).</summary>
    private static ImmutableArray<MetadataReference> References()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Path.GetFileNameWithoutExtension(p) is var name
                && (name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "netstandard" or "mscorlib"))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase);
        return [.. trusted.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static List<(string Name, MethodInfo Method)> Discover(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = [.. e.Types.OfType<Type>()];
        }
        return types
            .Where(t => t.IsClass && t.Name.EndsWith("Tests", StringComparison.Ordinal) && !t.IsGenericTypeDefinition)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.StartsWith("Test", StringComparison.Ordinal) && m.GetParameters().Length == 0
                    && !m.IsGenericMethodDefinition
                    && (m.ReturnType == typeof(void) || m.ReturnType == typeof(Task) || m.ReturnType == typeof(ValueTask)))
                .Select(m => (Name: $"{t.FullName!.Replace('+', '.')}.{m.Name}", Method: m)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Runs one test on its own thread; null when it passed, else why it failed.</summary>
    private static string? RunOne(MethodInfo method, out bool timedOut)
    {
        string? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                switch (method.Invoke(null, null))
                {
                    case Task task: task.GetAwaiter().GetResult(); break;
                    case ValueTask valueTask: valueTask.AsTask().GetAwaiter().GetResult(); break;
                }
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                error = Describe(e.InnerException);
            }
            catch (Exception e)
            {
                error = Describe(e);
            }
        }, maxStackSize: 16 << 20) { IsBackground = true, Name = method.Name };
        thread.Start();
        timedOut = !thread.Join(TestTimeout);
        return timedOut ? $"timed out after {TestTimeout.TotalSeconds:0} s" : error;
    }

    /// <summary><c>Type: message (File.cs:line)</c>: the innermost frame in the tests' own source files.</summary>
    private static string Describe(Exception e)
    {
        var message = e.Message.ReplaceLineEndings(" ");
        var frame = new StackTrace(e, fNeedFileInfo: true).GetFrames()
            .FirstOrDefault(f => f.GetFileName() is { Length: > 0 } && f.GetFileLineNumber() > 0);
        var where = frame is null ? "" : $" ({frame.GetFileName()}:{frame.GetFileLineNumber()})";
        return $"{e.GetType().Name}: {message}{where}";
    }
}
