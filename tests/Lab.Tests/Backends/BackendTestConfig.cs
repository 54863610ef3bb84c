using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Backends;

namespace Workbench.Lab.Tests.Backends;

/// <summary>Builds <see cref="IChatBackends"/> the way the app does (configuration → <c>AddChatBackends</c>).</summary>
internal static class BackendTestConfig
{
    public const string Key = "sk-test-SECRET-0123456789";

    public static Dictionary<string, string?> Remote(string name, Uri baseUrl, string model, string? key = Key, int? timeoutSeconds = null) => new()
    {
        [$"Backends:{name}:BaseUrl"] = baseUrl.ToString(),
        [$"Backends:{name}:Model"] = model,
        [$"Backends:{name}:ApiKey"] = key,
        [$"Backends:{name}:TimeoutSeconds"] = timeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static ServiceProvider Services(IReadOnlyDictionary<string, string?> settings, IInferenceEngine? engine = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Where(p => p.Value is not null)).Build();
        var services = new ServiceCollection();
        services.AddSingleton(engine ?? UnusedEngine());
        services.AddChatBackends(configuration);
        return services.BuildServiceProvider();
    }

    public static IChatBackends BackendsFor(IReadOnlyDictionary<string, string?> settings, IInferenceEngine? engine = null) =>
        Services(settings, engine).GetRequiredService<IChatBackends>();

    /// <summary>A loopback port nothing listens on (bound, read, released).</summary>
    public static Uri ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        return new Uri($"http://127.0.0.1:{port}/v1/");
    }

    /// <summary>A real engine with no model loaded: the built-in backend's neighbour in tests of remote backends.</summary>
    private static readonly Lazy<LlamaEngine> Unloaded = new(() => new LlamaEngine(TestModels.Options(_ => { })));

    private static IInferenceEngine UnusedEngine() => Unloaded.Value;
}
