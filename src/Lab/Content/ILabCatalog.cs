namespace Workbench.Lab.Content;

/// <summary>The loaded, validated labs. Registered as a singleton by <c>AddLab</c> (loaded at start-up).</summary>
public interface ILabCatalog
{
    /// <summary>Every lab, ordered by <see cref="LabDefinition.Order"/> then id.</summary>
    IReadOnlyList<LabDefinition> Labs { get; }

    /// <summary>The lab with <paramref name="labId"/>, or null.</summary>
    /// <param name="labId">A lab id.</param>
    LabDefinition? FindLab(string labId);
}
