namespace Workbench.Lab.Grading.Code;

/// <summary>The result of compiling a submission for grading.</summary>
/// <param name="Diagnostics">The student's files' diagnostics (as in the editor).</param>
/// <param name="ChecksError">When the student's code compiles alone but not with the exercise's harness: why (for
/// example a renamed method the harness calls), for the student; null otherwise.</param>
/// <param name="AssemblyImage">The sandbox assembly (student files + harness, embedded PDB), or null when
/// compilation failed. Never holds the hidden checks.</param>
/// <param name="Operations">The <c>[HarnessOperation("name")]</c> methods found in the harness.</param>
/// <param name="Checks">The hidden checks compiled alone, or null when the student's files did not compile.</param>
public sealed record SubmissionCompilation(
    IReadOnlyList<CompileDiagnostic> Diagnostics,
    string? ChecksError,
    byte[]? AssemblyImage,
    IReadOnlyList<HarnessOperation> Operations,
    CompiledChecks? Checks)
{
    /// <summary>Whether the student's files have errors.</summary>
    public bool HasStudentErrors => Diagnostics.Any(d => d.Severity == "error");

    /// <summary>Whether a sandbox assembly was produced.</summary>
    public bool Succeeded => AssemblyImage is not null;

    /// <summary>The check methods of <see cref="Checks"/> (empty when absent).</summary>
    public IReadOnlyList<CheckMethod> CheckMethods => Checks?.Methods ?? [];
}

/// <summary>The judge assembly: an exercise's hidden checks compiled on their own, loaded only in the grading
/// process (<see cref="CheckLoadContext"/>).</summary>
/// <param name="Image">The assembly, or null when the checks do not compile.</param>
/// <param name="Methods">The <c>[Check("id")]</c> methods.</param>
/// <param name="Error">Why the checks do not compile (the exercise's fault, not the student's), or null.</param>
public sealed record CompiledChecks(byte[]? Image, IReadOnlyList<CheckMethod> Methods, string? Error);

/// <summary>A hidden check's implementation: a <c>public static Task M(CheckContext)</c> marked <c>[Check(Id)]</c>.</summary>
/// <param name="Id">The check id.</param>
/// <param name="TypeName">The declaring type's full metadata name (nested types with <c>+</c>).</param>
/// <param name="MethodName">The method's name.</param>
public sealed record CheckMethod(string Id, string TypeName, string MethodName);

/// <summary>A harness operation: <c>static JsonNode? M(JsonNode?, HarnessContext)</c> (or returning
/// <c>Task&lt;JsonNode?&gt;</c>) marked <c>[HarnessOperation(Name)]</c>.</summary>
/// <param name="Name">The operation's name.</param>
/// <param name="TypeName">The declaring type's full metadata name.</param>
/// <param name="MethodName">The method's name.</param>
public sealed record HarnessOperation(string Name, string TypeName, string MethodName);
