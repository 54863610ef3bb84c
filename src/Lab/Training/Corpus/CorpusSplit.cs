namespace Workbench.Lab.Training.Corpus;

/// <summary>Which pool a generated conversation draws from. The two pools are disjoint: no phrasing template,
/// city, number, unit pair, expression, search query, small-talk or fact prompt of <see cref="HeldOut"/> ever
/// appears in <see cref="Train"/> (see <see cref="ToolCorpusGenerator"/>).</summary>
public enum CorpusSplit
{
    /// <summary>The training pool (about four fifths of every list).</summary>
    Train,

    /// <summary>The held-out pool for evaluation (the other fifth).</summary>
    HeldOut,
}
