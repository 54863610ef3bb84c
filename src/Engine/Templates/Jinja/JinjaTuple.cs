namespace Workbench.Engine.Templates.Jinja;

/// <summary>A Python tuple: a list that prints as <c>('a', 1)</c>. Made by <c>dict.items()</c>, <c>| items</c>,
/// <c>| dictsort</c> and <c>(a, b)</c> literals; otherwise it behaves as a list.</summary>
internal sealed class JinjaTuple : List<object?>
{
    public JinjaTuple(IEnumerable<object?> items) : base(items) { }
}
