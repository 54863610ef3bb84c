using Workbench.Engine.Models;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

public sealed class ModelCatalogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wb-catalog-").FullName;

    public ModelCatalogTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "models"));
        Directory.CreateDirectory(Path.Combine(_root, "more"));
        File.WriteAllBytes(Path.Combine(_root, "models", "b.gguf"), new byte[3]);
        File.WriteAllBytes(Path.Combine(_root, "models", "a.gguf"), new byte[5]);
        File.WriteAllBytes(Path.Combine(_root, "models", "notes.txt"), new byte[1]);
        File.WriteAllBytes(Path.Combine(_root, "more", "a.gguf"), new byte[7]);
        File.WriteAllBytes(Path.Combine(_root, "more", "c.gguf"), new byte[9]);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ModelCatalog Catalog() => new(new EngineOptions { ModelDirectories = ["models", "more", "missing", "models"] }, _root);

    [Fact]
    public void List_FindsGgufFilesInDirectoryOrder_SkippingMissingDirectories()
    {
        var files = Catalog().List();
        Assert.Equal(["a.gguf", "b.gguf", "a.gguf", "c.gguf"], files.Select(f => f.FileName));
        Assert.Equal(Path.Combine(_root, "models", "a.gguf"), files[0].Path);
        Assert.Equal(Path.Combine(_root, "models"), files[0].Directory);
        Assert.Equal(5, files[0].SizeInBytes);
        Assert.Equal(9, files[3].SizeInBytes);
    }

    [Fact]
    public void Resolve_ByNameWithOrWithoutExtension_FirstDirectoryWins()
    {
        var catalog = Catalog();
        Assert.Equal(Path.Combine(_root, "models", "a.gguf"), catalog.Resolve("a.gguf"));
        Assert.Equal(Path.Combine(_root, "more", "c.gguf"), catalog.Resolve("c"));
        Assert.Null(catalog.Resolve("zzz.gguf"));
        Assert.Null(catalog.Resolve(""));
        Assert.Null(catalog.Resolve(null));
    }

    [Fact]
    public void Resolve_AbsoluteOrContentRootRelativePath()
    {
        var catalog = Catalog();
        var absolute = Path.Combine(_root, "more", "a.gguf");
        Assert.Equal(absolute, catalog.Resolve(absolute));
        Assert.Equal(absolute, catalog.Resolve("more/a.gguf"));
        Assert.Null(catalog.Resolve(Path.Combine(_root, "nope.gguf")));
    }

    [Fact]
    public void Directories_AreFullPathsWithoutDuplicates()
    {
        Assert.Equal([Path.Combine(_root, "models"), Path.Combine(_root, "more"), Path.Combine(_root, "missing")], Catalog().Directories);
    }
}
