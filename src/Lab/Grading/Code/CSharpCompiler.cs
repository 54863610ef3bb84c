using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace Workbench.Lab.Grading.Code;

/// <summary>
/// Compiles code exercises with Roslyn as a console app's library would be: C# 13, nullable enabled, implicit
/// <c>global using</c>s (System, System.Collections.Generic, System.IO, System.Linq, System.Net.Http,
/// System.Threading, System.Threading.Tasks), against <see cref="CompilationReferences"/> (a curated part of the
/// runtime, Microsoft.Extensions.AI.Abstractions and Workbench.LabSdk). Warnings are reported, never fatal.
/// </summary>
/// <remarks>
/// Thread-safe singleton. The reference metadata is loaded once and the checks files are parsed once per
/// version, so a warm compilation of a small exercise takes tens of milliseconds.
/// </remarks>
public sealed class CSharpCompiler
{
    private const string ChecksFolder = "<hidden-checks>/";
    private const string HarnessFolder = "harness/";
    private const string CheckAttributeName = "Workbench.LabSdk.CheckAttribute";
    private const string HarnessOperationAttributeName = "Workbench.LabSdk.HarnessOperationAttribute";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp13);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        optimizationLevel: OptimizationLevel.Debug, // exact line numbers in the student's stack traces
        allowUnsafe: false);

    private static readonly SyntaxTree GlobalUsings = CSharpSyntaxTree.ParseText(SourceText.From(
        """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """, System.Text.Encoding.UTF8), ParseOptions, path: "GlobalUsings.g.cs");

    private readonly ConcurrentDictionary<string, (DateTime Stamp, SyntaxTree Tree)> _sources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTime Stamp, CompiledChecks Checks)> _judges = new(StringComparer.Ordinal);

    /// <summary>
    /// Compiles the student's files alone and returns their diagnostics, for the editor's live markers.
    /// </summary>
    /// <param name="files">File name (for example <c>Solution.cs</c>, used as given in the diagnostics) → content.</param>
    /// <param name="cancellationToken">Cancels the compilation.</param>
    /// <returns>Errors, warnings and infos located in <paramref name="files"/>, 1-based, in file order.</returns>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public IReadOnlyList<CompileDiagnostic> CompileStudentFiles(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default)
    {
        var trees = Parse(files, cancellationToken);
        return ToStudentDiagnostics(Create(trees).GetDiagnostics(cancellationToken), trees);
    }

    /// <summary>
    /// Compiles a submission for grading, in two separate assemblies: first the student's files alone (their
    /// diagnostics are what the student sees); when they have no errors, the student's files with the exercise's
    /// visible harness (the sandbox assembly, with an embedded portable PDB so the sandbox can name the student's
    /// file and line of an exception); and the hidden checks alone (the judge assembly, never given to the sandbox;
    /// compiled once per version of the checks file).
    /// </summary>
    /// <param name="files">The student's files: name → content.</param>
    /// <param name="harnessFilePaths">Absolute paths of the harness files (C#, <c>[HarnessOperation("name")]</c> methods).</param>
    /// <param name="checksFilePath">Absolute path of the hidden checks (C#, <c>[Check("id")]</c> methods), or null
    /// for an exercise judged outside C# checks (training exercises): then <see cref="SubmissionCompilation.Checks"/> is null.</param>
    /// <param name="cancellationToken">Cancels the compilation.</param>
    /// <exception cref="IOException">A harness or checks file cannot be read.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public SubmissionCompilation Compile(IReadOnlyDictionary<string, string> files, IReadOnlyList<string> harnessFilePaths, string? checksFilePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(harnessFilePaths);
        var studentTrees = Parse(files, cancellationToken);
        var studentDiagnostics = ToStudentDiagnostics(Create(studentTrees).GetDiagnostics(cancellationToken), studentTrees);
        if (studentDiagnostics.Any(d => d.Severity == "error"))
            return new SubmissionCompilation(studentDiagnostics, null, null, [], null);

        var judge = checksFilePath is null ? null : CompileChecks(checksFilePath, cancellationToken);
        var harnessTrees = harnessFilePaths.Select(p => ParseCached(p, HarnessFolder)).ToList();
        var compilation = Create([.. studentTrees, .. harnessTrees]);
        using var image = new MemoryStream();
        var emit = compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded), cancellationToken: cancellationToken);
        if (!emit.Success)
        {
            var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var inHarness = errors.Where(d => d.Location.SourceTree is { } tree && harnessTrees.Contains(tree)).ToList();
            var message = inHarness.Count > 0
                ? DescribeBindingErrors(inHarness)
                : "Your code could not be compiled together with the checks: " + string.Join("; ", errors.Take(3).Select(e => e.GetMessage()));
            return new SubmissionCompilation(studentDiagnostics, message, null, [], judge);
        }
        var operations = FindAttributed(compilation, harnessTrees, HarnessOperationAttributeName)
            .Select(m => new HarnessOperation(m.Id, m.TypeName, m.MethodName)).ToList();
        return new SubmissionCompilation(studentDiagnostics, null, image.ToArray(), operations, judge);
    }

    /// <summary>The hidden checks compiled alone (against the same references, never with student code), cached
    /// per version of the file.</summary>
    private CompiledChecks CompileChecks(string path, CancellationToken cancellationToken)
    {
        var stamp = File.GetLastWriteTimeUtc(path);
        if (_judges.TryGetValue(path, out var cached) && cached.Stamp == stamp) return cached.Checks;
        var tree = ParseCached(path, ChecksFolder);
        var compilation = CSharpCompilation.Create("Checks", [GlobalUsings, tree], CompilationReferences.Get(), CompilationOptions);
        using var image = new MemoryStream();
        var emit = compilation.Emit(image, cancellationToken: cancellationToken);
        var checks = emit.Success
            ? new CompiledChecks(image.ToArray(), FindAttributed(compilation, [tree], CheckAttributeName), null)
            : new CompiledChecks(null, [], "The exercise's checks do not compile: " + string.Join("; ",
                emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3).Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.GetMessage()}")));
        _judges[path] = (stamp, checks);
        return checks;
    }

    private static CSharpCompilation Create(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create("Submission", [GlobalUsings, .. trees], CompilationReferences.Get(), CompilationOptions);

    private static List<SyntaxTree> Parse(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        return files.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Value, System.Text.Encoding.UTF8), ParseOptions, f.Key, cancellationToken))
            .ToList();
    }

    /// <summary>A harness or checks file's syntax tree, parsed again only when the file changes.</summary>
    private SyntaxTree ParseCached(string path, string folder)
    {
        var stamp = File.GetLastWriteTimeUtc(path);
        if (_sources.TryGetValue(path, out var cached) && cached.Stamp == stamp) return cached.Tree;
        var text = SourceText.From(File.ReadAllText(path), System.Text.Encoding.UTF8);
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, folder + Path.GetFileName(path));
        _sources[path] = (stamp, tree);
        return tree;
    }

    private static List<CompileDiagnostic> ToStudentDiagnostics(IEnumerable<Diagnostic> diagnostics, IReadOnlyList<SyntaxTree> studentTrees)
    {
        var result = new List<CompileDiagnostic>();
        foreach (var d in diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Hidden) continue;
            var severity = d.Severity switch { DiagnosticSeverity.Error => "error", DiagnosticSeverity.Warning => "warning", _ => "info" };
            if (d.Location.IsInSource && studentTrees.Contains(d.Location.SourceTree))
            {
                var span = d.Location.GetLineSpan();
                result.Add(new CompileDiagnostic(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
                    span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1, severity, d.Id, d.GetMessage()));
            }
            else if (d.Severity == DiagnosticSeverity.Error && !d.Location.IsInSource && studentTrees.Count > 0)
            {
                // A compilation-wide error (rare): shown at the top of the first file.
                result.Add(new CompileDiagnostic(studentTrees[0].FilePath, 1, 1, 1, 1, severity, d.Id, d.GetMessage()));
            }
        }
        return result.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    /// <summary>
    /// The harness calls the student's code by the starter's names; when a name or signature changed, say what the
    /// checks expected (for example <c>Solution.AskAsync</c>) without showing the checks' code.
    /// </summary>
    private static string DescribeBindingErrors(IReadOnlyList<Diagnostic> errors)
    {
        var described = errors
            .Select(d => (Message: d.GetMessage(), Expected: ExpectedName(d)))
            .Select(e => e.Expected is null ? e.Message : $"{e.Message} (the checks use {e.Expected})")
            .Distinct()
            .Take(3);
        return "The checks could not use your code: " + string.Join("; ", described) + ". Keep the names and signatures of the starter code.";
    }

    private static string? ExpectedName(Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree is not { } tree) return null;
        var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var member = node.AncestorsAndSelf().OfType<MemberAccessExpressionSyntax>().FirstOrDefault();
        var text = (member?.ToString() ?? node.ToString()).Trim();
        return text.Length is > 0 and <= 60 && !text.Contains('\n') ? text : null;
    }

    /// <summary>The methods in <paramref name="trees"/> carrying the attribute <paramref name="attributeName"/>
    /// with one string argument (a check id or an operation name).</summary>
    private static List<CheckMethod> FindAttributed(CSharpCompilation compilation, IEnumerable<SyntaxTree> trees, string attributeName)
    {
        var methods = new List<CheckMethod>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (model.GetDeclaredSymbol(declaration) is not { } method) continue;
                foreach (var attribute in method.GetAttributes())
                {
                    if (attribute.AttributeClass?.ToDisplayString() == attributeName
                        && attribute.ConstructorArguments is [{ Value: string id }])
                    {
                        methods.Add(new CheckMethod(id, MetadataName(method.ContainingType), method.Name));
                    }
                }
            }
        }
        return methods;
    }

    private static string MetadataName(INamedTypeSymbol type) => type.ContainingType is { } outer
        ? MetadataName(outer) + "+" + type.MetadataName
        : (type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString() + ".") + type.MetadataName;
}
