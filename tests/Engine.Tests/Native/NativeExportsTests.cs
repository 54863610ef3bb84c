using Xunit;
using System.Reflection;
using System.Runtime.InteropServices;
using Workbench.Engine.Native;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Native;

/// <summary>Every <c>[LibraryImport]</c> in the bindings resolves against the shipped libraries, so a binding to a
/// function this llama.cpp build lacks (renamed, removed) fails here instead of at run time.</summary>
public class NativeExportsTests
{
    public NativeExportsTests() => TestModels.InitializeBackend();

    public static TheoryData<string> Bindings()
    {
        var data = new TheoryData<string>();
        foreach (MethodInfo method in ImportedMethods())
            data.Add(method.Name);
        return data;
    }

    private static IEnumerable<MethodInfo> ImportedMethods() =>
        typeof(LlamaNative).GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(m => m.GetCustomAttribute<LibraryImportAttribute>() is not null);

    [Fact]
    public void Bindings_CoverEveryLlamaHArea()
    {
        string[] names = ImportedMethods().Select(m => m.Name).ToArray();
        Assert.True(names.Length >= 100, $"only {names.Length} bindings found");
        foreach (string expected in new[] { "llama_backend_init", "ggml_backend_load_all_from_path", "llama_model_load_from_file",
                     "llama_tokenize", "llama_chat_apply_template", "llama_init_from_model", "llama_decode",
                     "llama_sampler_chain_init", "llama_model_quantize", "llama_log_set" })
            Assert.Contains(expected, names);
    }

    [Theory]
    [MemberData(nameof(Bindings))]
    public void Binding_ResolvesInShippedLibrary(string methodName)
    {
        MethodInfo method = ImportedMethods().Single(m => m.Name == methodName);
        LibraryImportAttribute import = method.GetCustomAttribute<LibraryImportAttribute>()!;
        string entryPoint = import.EntryPoint ?? method.Name;
        IntPtr library = NativeLibraryResolver.Load(import.LibraryName);
        Assert.True(NativeLibrary.TryGetExport(library, entryPoint, out IntPtr address),
            $"{entryPoint} is not exported by {NativeLibraryResolver.Layout!.FileNameFor(import.LibraryName)}");
        Assert.NotEqual(IntPtr.Zero, address);
    }
}
