namespace Workbench.Engine.Templates.Jinja;

/// <summary>A Python <c>dict</c>: insertion-ordered, keys compared as Python does (<c>1 == 1.0 == True</c>).
/// JSON objects arrive as these with string keys.</summary>
internal sealed class JinjaDict : OrderedDictionary<object, object?>
{
    public JinjaDict() : base(KeyComparer.Instance) { }

    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) => JinjaValues.PyEquals(x, y);

        public int GetHashCode(object obj) => obj switch
        {
            string s => StringComparer.Ordinal.GetHashCode(s),
            bool b => (b ? 1.0 : 0.0).GetHashCode(),
            long l => ((double)l).GetHashCode(),
            double d => d.GetHashCode(),
            _ => 0,
        };
    }
}
