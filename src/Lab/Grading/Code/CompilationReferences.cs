using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Client;
using Workbench.LabSdk;

namespace Workbench.Lab.Grading.Code;

/// <summary>
/// The assemblies exercise code compiles against, loaded once per process: a curated part of the running .NET
/// runtime (its trusted platform assemblies: System.Runtime, collections, LINQ, System.Net.Http, System.Text.Json,
/// regular expressions, sockets…), Microsoft.Extensions.AI.Abstractions, the MCP SDK's core
/// (ModelContextProtocol.Core: the server attributes students use, the client checks use) and Workbench.LabSdk. The sandbox runs the
/// result on the same runtime, so the implementation assemblies serve as references.
/// </summary>
internal static class CompilationReferences
{
    /// <summary>Runtime assemblies students may use, by simple name.</summary>
    private static readonly string[] RuntimeAssemblies =
    [
        "System.Private.CoreLib", "System.Runtime", "netstandard", "mscorlib", "System.Private.Uri",
        "System.Collections", "System.Collections.Concurrent", "System.Collections.Immutable", "System.Linq",
        "System.Memory", "System.ObjectModel", "System.Runtime.Extensions", "System.Runtime.Numerics",
        "System.Console", "System.Threading", "System.Threading.Tasks", "System.Threading.Channels",
        "System.Text.Encoding.Extensions", "System.Text.RegularExpressions", "System.Text.Json",
        "System.Text.Encodings.Web", "System.Net.Http", "System.Net.Http.Json", "System.Net.Primitives",
        "System.Net.Sockets", "System.ComponentModel.Primitives", "System.Diagnostics.Debug",
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> All = new(Load);

    /// <summary>The references (created on first use; Roslyn keeps their metadata with them).</summary>
    public static ImmutableArray<MetadataReference> Get() => All.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase); // a name may be listed twice

        var paths = RuntimeAssemblies.Where(trusted.ContainsKey).Select(name => trusted[name]).ToList();
        if (!paths.Any(p => Path.GetFileNameWithoutExtension(p) == "System.Runtime"))
            throw new InvalidOperationException("The runtime's trusted platform assemblies do not include System.Runtime; cannot compile exercise code.");
        paths.Add(typeof(IChatClient).Assembly.Location);
        paths.Add(typeof(McpClient).Assembly.Location);
        paths.Add(typeof(LabContext).Assembly.Location);
        return [.. paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
