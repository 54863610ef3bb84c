namespace Workbench.Lab.Content;

/// <summary>An immutable <see cref="ILabCatalog"/> over labs loaded by <see cref="LabCatalogLoader"/> (or built by
/// a test).</summary>
public sealed class LabCatalog : ILabCatalog
{
    private readonly Dictionary<string, LabDefinition> _byId;

    /// <summary>Creates the catalog.</summary>
    /// <param name="labs">The labs; ids must be unique.</param>
    /// <exception cref="ArgumentException">Two labs share an id.</exception>
    public LabCatalog(IEnumerable<LabDefinition> labs)
    {
        ArgumentNullException.ThrowIfNull(labs);
        Labs = labs.OrderBy(l => l.Order).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();
        _byId = new Dictionary<string, LabDefinition>(StringComparer.Ordinal);
        foreach (var lab in Labs)
        {
            if (!_byId.TryAdd(lab.Id, lab)) throw new ArgumentException($"Duplicate lab id '{lab.Id}'.", nameof(labs));
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<LabDefinition> Labs { get; }

    /// <inheritdoc />
    public LabDefinition? FindLab(string labId) => _byId.GetValueOrDefault(labId);
}
