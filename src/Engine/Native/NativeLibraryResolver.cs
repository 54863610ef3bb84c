using System.Reflection;
using System.Runtime.InteropServices;

namespace Workbench.Engine.Native;

/// <summary>Maps the <c>[LibraryImport]</c> names <c>llama</c>, <c>ggml</c> and <c>ggml-base</c> to the versioned files
/// of a <see cref="NativeLibraryLayout"/> (default probing cannot find <c>libllama.v0.5.0.so</c>). Installed once per
/// process by <see cref="LlamaBackend.Initialize"/>.</summary>
internal static class NativeLibraryResolver
{
    private static readonly Lock Gate = new();
    private static NativeLibraryLayout? s_layout;
    private static readonly Dictionary<string, IntPtr> Loaded = new(StringComparer.Ordinal);

    /// <summary>The installed layout, or null before <see cref="Install"/>.</summary>
    internal static NativeLibraryLayout? Layout => s_layout;

    /// <summary>Installs the resolver for this assembly with <paramref name="layout"/>; later calls must pass an equal layout.</summary>
    /// <exception cref="NativeLibraryException">A different layout is already installed.</exception>
    internal static void Install(NativeLibraryLayout layout)
    {
        lock (Gate)
        {
            if (s_layout is not null)
            {
                if (s_layout != layout)
                    throw new NativeLibraryException($"llama.cpp is already loaded from '{s_layout.Directory}' ({s_layout.Backend}); a process can load only one build (asked for '{layout.Directory}', {layout.Backend}).");
                return;
            }
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
            s_layout = layout;
        }
    }

    /// <summary>Loads (once) and returns the handle of a llama.cpp library by its import name.</summary>
    /// <exception cref="InvalidOperationException">The resolver is not installed or the name is not llama.cpp's.</exception>
    /// <exception cref="DllNotFoundException">The file or one of its dependencies could not be loaded.</exception>
    internal static IntPtr Load(string libraryName)
    {
        NativeLibraryLayout layout = s_layout ?? throw new InvalidOperationException("Call LlamaBackend.Initialize first.");
        string path = layout.PathFor(libraryName) ?? throw new InvalidOperationException($"'{libraryName}' is not a llama.cpp library name.");
        lock (Gate)
        {
            if (!Loaded.TryGetValue(libraryName, out IntPtr handle))
            {
                handle = NativeLibrary.Load(path);
                Loaded[libraryName] = handle;
            }
            return handle;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        NativeLibraryLayout? layout = s_layout;
        if (layout?.PathFor(libraryName) is null)
            return IntPtr.Zero; // not ours (libc, ...): default probing
        return Load(libraryName);
    }
}
