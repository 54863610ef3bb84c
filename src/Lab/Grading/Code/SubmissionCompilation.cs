namespace Workbench.Lab.Grading.Code;

/// <summary>
/// The result of <see cref="CSharpCompiler.Compile"/>: either the student's diagnostics with errors, or a
/// message that the hidden checks could not bind to the student's code, or an assembly ready for the sandbox.
/// </summary>
/// <param name="Diagnostics">Errors and warnings in the student's files (never in the checks), in file order.</param>
/// <param name="ChecksError">Set when the student's code compiles alone but the checks cannot use it, for example
/// <c>The checks could not use your code: 'Solution' does not contain a definition for 'AskAsync' (the checks use
/// Solution.AskAsync). Keep the names and signatures of the starter code.</c></param>
/// <param name="AssemblyImage">The compiled assembly (student files and checks, with an embedded portable PDB),
/// or null when compilation failed.</param>
/// <param name="CheckMethods">The <c>[Check("id")]</c> methods found in the checks file.</param>
public sealed record SubmissionCompilation(
    IReadOnlyList<CompileDiagnostic> Diagnostics,
    string? ChecksError,
    byte[]? AssemblyImage,
    IReadOnlyList<CheckMethod> CheckMethods)
{
    /// <summary>Whether the student's files have errors.</summary>
    public bool HasStudentErrors => Diagnostics.Any(d => d.Severity == "error");

    /// <summary>Whether an assembly was produced.</summary>
    public bool Succeeded => AssemblyImage is not null;
}

/// <summary>A hidden check's implementation: a <c>public static Task M(CheckContext)</c> marked <c>[Check(Id)]</c>.</summary>
/// <param name="Id">The check id.</param>
/// <param name="TypeName">The declaring type's full metadata name (nested types with <c>+</c>).</param>
/// <param name="MethodName">The method's name.</param>
public sealed record CheckMethod(string Id, string TypeName, string MethodName);
