using Workbench.Lab.Content;

namespace Workbench.Lab.Tests.Content;

/// <summary>The catalog over loaded labs: order and lookup.</summary>
public sealed class LabCatalogTests
{
    [Fact]
    public void Labs_AnyInputOrder_SortedByOrderThenId()
    {
        var catalog = new LabCatalog([Lab("b", 2), Lab("c", 1), Lab("a", 2)]);

        Assert.Equal(["c", "a", "b"], catalog.Labs.Select(l => l.Id));
    }

    [Fact]
    public void FindLab_KnownAndUnknownIds_ReturnsLabOrNull()
    {
        var catalog = new LabCatalog([Lab("a", 1)]);

        Assert.Equal("a", catalog.FindLab("a")?.Id);
        Assert.Null(catalog.FindLab("A"));
        Assert.Null(catalog.FindLab("missing"));
    }

    [Fact]
    public void Constructor_DuplicateIds_Throws()
    {
        Assert.Throws<ArgumentException>(() => new LabCatalog([Lab("a", 1), Lab("a", 2)]));
    }

    private static LabDefinition Lab(string id, int order) =>
        new(id, id, order, 10, "summary", [], [], [], [], [], "/labs/" + id);
}
