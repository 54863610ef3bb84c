namespace Workbench.Web.Rendering;

/// <summary>
/// A thread-safe hand-off between a producer (the generation loop, on a thread-pool thread) and the renderer
/// (the circuit's synchronization context): the producer <see cref="Add"/>s items, a throttled flush
/// <see cref="Drain"/>s them all at once.
/// </summary>
/// <typeparam name="T">The buffered item type.</typeparam>
public sealed class StreamBuffer<T>
{
    private readonly Lock _gate = new();
    private List<T> _items = [];

    /// <summary>Total items ever added.</summary>
    public int TotalAdded { get; private set; }

    /// <summary>Appends one item.</summary>
    /// <param name="item">The item.</param>
    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
            TotalAdded++;
        }
    }

    /// <summary>Removes and returns every buffered item, oldest first (empty when none).</summary>
    public IReadOnlyList<T> Drain()
    {
        lock (_gate)
        {
            if (_items.Count == 0) return [];
            var drained = _items;
            _items = [];
            return drained;
        }
    }
}
