namespace Workbench.Lab.Training.Corpus;

/// <summary>The train or held-out part of every corpus list (<see cref="CorpusPool.Part{T}"/>), built once per split.</summary>
internal sealed class CorpusPools
{
    // Before the pools: their constructors read it.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Convertible = new(StringComparer.Ordinal);

    private static readonly CorpusPools TrainPools = new(CorpusSplit.Train);
    private static readonly CorpusPools HeldOutPools = new(CorpusSplit.HeldOut);

    private CorpusPools(CorpusSplit split)
    {
        Split = split;
        Cities = CorpusPool.Part("city", CorpusCities.All, c => c.Name, split);
        Weather = CorpusPool.Part("weather", CorpusPhrasings.Weather, t => t, split);
        WeatherWithUnit = CorpusPool.Part("weather-unit", CorpusPhrasings.WeatherWithUnit, t => t, split);
        Time = CorpusPool.Part("time", CorpusPhrasings.Time, t => t, split);
        CalculateFrames = CorpusPool.Part("calculate-frame", CorpusPhrasings.CalculateFrames, t => t, split);
        CalculateWhole = CorpusPool.Part("calculate-whole", CorpusPhrasings.CalculateWhole, t => t.Text, split);
        Convert = CorpusPool.Part("convert", CorpusPhrasings.Convert, t => t, split);
        Search = CorpusPool.Part("search", CorpusPhrasings.Search, t => t, split);
        SearchQueries = CorpusPool.Part("query", CorpusVocabulary.SearchQueries, q => q, split);
        SmallTalk = CorpusPool.Part("small-talk", CorpusPhrasings.SmallTalk, p => p.User, split);
        Facts = CorpusPool.Part("fact", CorpusPhrasings.Facts, p => p.User, split);
        SystemPrompts = CorpusPhrasings.SystemPrompts;
        Prefixes = CorpusPool.Part("prefix", CorpusPhrasings.Prefixes, p => p, split);
        Suffixes = CorpusPool.Part("suffix", CorpusPhrasings.Suffixes, p => p, split);
        UnitPairs = CorpusPool.Part("unit-pair",
            from a in CorpusVocabulary.Units from b in CorpusVocabulary.Units where a.Quantity == b.Quantity && a != b && Converts(a.Symbol, b.Symbol) select (From: a, To: b),
            p => p.From.Symbol + "->" + p.To.Symbol, split);
    }

    // The real tool decides which pairs it converts: m, cm and mm between each other are ambiguous to it (length or
    // molarity), so the corpus never teaches a call the tool refuses.
    private static bool Converts(string from, string to) => Convertible.GetOrAdd(from + "->" + to, _ => TryConvert(from, to));

    private static bool TryConvert(string from, string to)
    {
        try
        {
            ToolCorpusGenerator.Tool(Tools.Builtin.UnitConversionTool.ToolName).Run(new() { ["value"] = 1, ["from_unit"] = from, ["to_unit"] = to });
            return true;
        }
        catch (Tools.ToolException)
        {
            return false;
        }
    }

    public static CorpusPools For(CorpusSplit split) => split == CorpusSplit.HeldOut ? HeldOutPools : TrainPools;

    public CorpusSplit Split { get; }
    public IReadOnlyList<(string Name, string Zone)> Cities { get; }
    public IReadOnlyList<string> Weather { get; }
    public IReadOnlyList<string> WeatherWithUnit { get; }
    public IReadOnlyList<string> Time { get; }
    public IReadOnlyList<string> CalculateFrames { get; }
    public IReadOnlyList<(string Text, string Expression)> CalculateWhole { get; }
    public IReadOnlyList<string> Convert { get; }
    public IReadOnlyList<string> Search { get; }
    public IReadOnlyList<string> SearchQueries { get; }
    public IReadOnlyList<(string User, string Reply)> SmallTalk { get; }
    public IReadOnlyList<(string User, string Reply)> Facts { get; }
    public IReadOnlyList<string> SystemPrompts { get; }
    public IReadOnlyList<string> Prefixes { get; }
    public IReadOnlyList<string> Suffixes { get; }
    public IReadOnlyList<(CorpusVocabulary.Unit From, CorpusVocabulary.Unit To)> UnitPairs { get; }
}
