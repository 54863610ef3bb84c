using Workbench.Engine.Models;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary><see cref="ModelCatalog.ResolveLoadable"/>: only files inside the model folders, after every symbolic
/// link, are loadable (issue 10, finding 5: a load request accepted any readable .gguf on the host).</summary>
public sealed class ModelCatalogLoadableTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wb-loadable-").FullName;

    public ModelCatalogLoadableTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "models", "sub"));
        Directory.CreateDirectory(Path.Combine(_root, "outside"));
        File.WriteAllBytes(Path.Combine(_root, "models", "a.gguf"), new byte[5]);
        File.WriteAllBytes(Path.Combine(_root, "models", "sub", "deep.gguf"), new byte[5]);
        File.WriteAllBytes(Path.Combine(_root, "models", "notes.txt"), new byte[1]);
        Directory.CreateDirectory(Path.Combine(_root, "models", "folder.gguf"));
        File.WriteAllBytes(Path.Combine(_root, "outside", "secret.gguf"), new byte[5]);
        File.CreateSymbolicLink(Path.Combine(_root, "models", "escape.gguf"), Path.Combine(_root, "outside", "secret.gguf"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "models", "door"), Path.Combine(_root, "outside"));
        File.CreateSymbolicLink(Path.Combine(_root, "models", "alias.gguf"), "a.gguf");
        Directory.CreateSymbolicLink(Path.Combine(_root, "linked-models"), Path.Combine(_root, "models"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ModelCatalog Catalog(string folder = "models") => new(new EngineOptions { ModelDirectories = [folder] }, _root);

    [Fact]
    public void ResolveLoadable_NameOrPathInsideAFolder_IsTheCanonicalPath()
    {
        var catalog = Catalog();
        var a = Path.Combine(_root, "models", "a.gguf");

        Assert.Equal(a, catalog.ResolveLoadable("a.gguf"));
        Assert.Equal(a, catalog.ResolveLoadable("a"));
        Assert.Equal(a, catalog.ResolveLoadable(a));
        Assert.Equal(a, catalog.ResolveLoadable("models/a.gguf"));
        Assert.Equal(a, catalog.ResolveLoadable(Path.Combine(_root, "models", "sub", "..", "a.gguf")));
        Assert.Equal(a, catalog.ResolveLoadable("alias.gguf")); // a link that stays inside
        Assert.Equal(Path.Combine(_root, "models", "sub", "deep.gguf"), catalog.ResolveLoadable(Path.Combine(_root, "models", "sub", "deep.gguf")));
    }

    [Fact]
    public void ResolveLoadable_AFolderReachedThroughALink_ComparesTheRealPaths()
    {
        var catalog = Catalog("linked-models");

        Assert.Equal(Path.Combine(_root, "models", "a.gguf"), catalog.ResolveLoadable(Path.Combine(_root, "linked-models", "a.gguf")));
        Assert.Equal(Path.Combine(_root, "models", "a.gguf"), catalog.ResolveLoadable(Path.Combine(_root, "models", "a.gguf")));
    }

    [Theory]
    [InlineData("outside/secret.gguf")]          // a real GGUF outside every folder
    [InlineData("models/../outside/secret.gguf")] // climbing out
    [InlineData("../secret.gguf")]
    [InlineData("escape.gguf")]                   // a link inside pointing outside
    [InlineData("models/door/secret.gguf")]       // a linked folder inside pointing outside
    [InlineData("models/notes.txt")]              // not a .gguf
    [InlineData("notes.txt")]
    [InlineData("folder.gguf")]                   // a folder, not a file
    [InlineData("missing.gguf")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void ResolveLoadable_AnythingElse_IsNull(string reference)
    {
        Assert.Null(Catalog().ResolveLoadable(reference));
    }

    [Fact]
    public void ResolveLoadable_AbsolutePathOutside_IsNull_ThoughResolveFindsIt()
    {
        var secret = Path.Combine(_root, "outside", "secret.gguf");

        Assert.Equal(secret, Catalog().Resolve(secret)); // the configured default model may live anywhere
        Assert.Null(Catalog().ResolveLoadable(secret));
    }

    [Fact]
    public void ResolveLoadable_LinkLoop_IsNull()
    {
        File.CreateSymbolicLink(Path.Combine(_root, "models", "loop1.gguf"), "loop2.gguf");
        File.CreateSymbolicLink(Path.Combine(_root, "models", "loop2.gguf"), "loop1.gguf");

        Assert.Null(Catalog().ResolveLoadable("loop1.gguf"));
    }
}
