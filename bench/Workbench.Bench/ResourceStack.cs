namespace Workbench.Bench;

/// <summary>Disposes what was pushed, last first (clients before the processes they talk to); idempotent.</summary>
internal sealed class ResourceStack : IAsyncDisposable
{
    private readonly Stack<object> _items = new();

    public void Push(object item) => _items.Push(item);

    public async ValueTask DisposeAsync()
    {
        while (_items.TryPop(out var item))
        {
            if (item is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (item is IDisposable disposable) disposable.Dispose();
        }
    }
}
