using System.Reflection;
using System.Runtime.Loader;

namespace Workbench.Lab.Grading.Code;

/// <summary>
/// A collectible <see cref="AssemblyLoadContext"/> holding one grading's judge assembly (the hidden checks,
/// compiled alone). Its references (Workbench.LabSdk, the runtime, Microsoft.Extensions.AI.Abstractions) resolve
/// to the grading process's own assemblies, so <c>CheckContext</c> is the same type on both sides. Dispose it when
/// the grading ends: the checks' assembly is unloaded once nothing refers to it.
/// </summary>
internal sealed class CheckLoadContext : AssemblyLoadContext, IDisposable
{
    /// <summary>Loads <paramref name="image"/> into a new context.</summary>
    /// <param name="image">The judge assembly's bytes.</param>
    /// <exception cref="BadImageFormatException">Not an assembly.</exception>
    public CheckLoadContext(byte[] image)
        : base("hidden-checks", isCollectible: true)
    {
        using var stream = new MemoryStream(image, writable: false);
        Checks = LoadFromStream(stream);
    }

    /// <summary>The loaded checks.</summary>
    public Assembly Checks { get; }

    /// <summary>Unloads the checks.</summary>
    public void Dispose() => Unload();

    /// <summary>Everything else comes from the default context.</summary>
    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
