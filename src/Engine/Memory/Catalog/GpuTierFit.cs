namespace Workbench.Engine.Memory.Catalog;

/// <summary>How an estimate fits a <see cref="GpuTier"/> (<see cref="GpuTier.Fit"/>).</summary>
public enum GpuTierFit
{
    /// <summary>Larger than the tier's largest card.</summary>
    None,
    /// <summary>Fits the tier's larger cards only.</summary>
    LargerCards,
    /// <summary>Fits every card of the tier.</summary>
    AllCards,
}
