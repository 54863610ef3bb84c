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
    private const string CheckAttributeName = "Workbench.LabSdk.CheckAttribute";

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

    private readonly ConcurrentDictionary<string, (DateTime Stamp, SyntaxTree Tree)> _checks = new(StringComparer.Ordinal);

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
    /// Compiles a submission for grading: first the student's files alone (their diagnostics are what the student
    /// sees), then, when they have no errors, together with the hidden checks into one assembly with an embedded
    /// portable PDB (so the sandbox can name the student's file and line of an exception).
    /// </summary>
    /// <param name="files">The student's files: name → content.</param>
    /// <param name="checksFilePath">Absolute path of the hidden checks (C#, <c>[Check("id")]</c> methods).</param>
    /// <param name="cancellationToken">Cancels the compilation.</param>
    /// <exception cref="IOException">The checks file cannot be read.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public SubmissionCompilation Compile(IReadOnlyDictionary<string, string> files, string checksFilePath, CancellationToken cancellationToken = default)
    {
        var studentTrees = Parse(files, cancellationToken);
        var studentDiagnostics = ToStudentDiagnostics(Create(studentTrees).GetDiagnostics(cancellationToken), studentTrees);
        if (studentDiagnostics.Any(d => d.Severity == "error"))
            return new SubmissionCompilation(studentDiagnostics, null, null, []);

        var checksTree = ParseChecks(checksFilePath);
        var compilation = Create([.. studentTrees, checksTree]);
        using var image = new MemoryStream();
        var emit = compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded), cancellationToken: cancellationToken);
        if (!emit.Success)
        {
            var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var inChecks = errors.Where(d => d.Location.SourceTree == checksTree).ToList();
            var message = inChecks.Count > 0
                ? DescribeBindingErrors(inChecks)
                : "Your code could not be compiled together with the checks: " + string.Join("; ", errors.Take(3).Select(e => e.GetMessage()));
            return new SubmissionCompilation(studentDiagnostics, message, null, []);
        }
        return new SubmissionCompilation(studentDiagnostics, null, image.ToArray(), FindCheckMethods(compilation, checksTree));
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

    /// <summary>The checks file's syntax tree, parsed again only when the file changes.</summary>
    private SyntaxTree ParseChecks(string path)
    {
        var stamp = File.GetLastWriteTimeUtc(path);
        if (_checks.TryGetValue(path, out var cached) && cached.Stamp == stamp) return cached.Tree;
        var text = SourceText.From(File.ReadAllText(path), System.Text.Encoding.UTF8);
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, ChecksFolder + Path.GetFileName(path));
        _checks[path] = (stamp, tree);
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
    /// The checks call the student's code by the starter's names; when a name or signature changed, say what the
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

    private static List<CheckMethod> FindCheckMethods(CSharpCompilation compilation, SyntaxTree checksTree)
    {
        var model = compilation.GetSemanticModel(checksTree);
        var methods = new List<CheckMethod>();
        foreach (var declaration in checksTree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (model.GetDeclaredSymbol(declaration) is not { } method) continue;
            foreach (var attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == CheckAttributeName
                    && attribute.ConstructorArguments is [{ Value: string id }])
                {
                    methods.Add(new CheckMethod(id, MetadataName(method.ContainingType), method.Name));
                }
            }
        }
        return methods;
    }

    private static string MetadataName(INamedTypeSymbol type) => type.ContainingType is { } outer
        ? MetadataName(outer) + "+" + type.MetadataName
        : (type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString() + ".") + type.MetadataName;
}
