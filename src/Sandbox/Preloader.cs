using System.Reflection;
using System.Runtime.InteropServices;

namespace Workbench.Sandbox;

/// <summary>
/// Loads, while the sandbox still runs as the user that started it, every assembly the submission can reach through
/// its references, and the runtime's native shims beside the executable. After <see cref="Confinement"/> drops to
/// user nobody, files in the application folder may be unreadable (a checkout in a 0700 folder, as <c>mktemp -d</c>
/// makes): anything the student's code or the checks load later must already be in memory.
/// </summary>
internal static class Preloader
{
    /// <summary>Loads the closure of <paramref name="root"/>'s assembly references and the <c>libSystem.*.so</c>
    /// shims of the runtime; returns how many assemblies were loaded. Unresolvable references are skipped (they
    /// would fail the same way later, with the student's stack trace).</summary>
    /// <param name="root">The submission assembly.</param>
    public static int Load(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { root.GetName().Name! };
        var pending = new Stack<Assembly>([root, typeof(Preloader).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (!seen.Add(reference.Name!)) continue;
                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // Not part of this runtime (for example a facade never used): nothing to preload.
                }
            }
        }
        foreach (var library in Directory.EnumerateFiles(AppContext.BaseDirectory, "libSystem.*.so"))
        {
            NativeLibrary.TryLoad(library, out _);
        }
        return seen.Count;
    }
}
