using System.Reflection;
using System.Runtime.InteropServices;

namespace Workbench.Sandbox;

/// <summary>
/// Loads, before the student's code runs, every assembly the submission can reach through its references, and the
/// runtime's native shims beside the executable, so that a harness call never waits on (or fails at) a first load
/// from the read-only app folder while the student's code runs under its limits.
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
