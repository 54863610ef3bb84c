using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine.Inference;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Quotas;
using Workbench.Lab.Tests.TestSupport;
using Workbench.LabSdk;

namespace Workbench.Lab.Tests.Grading;

/// <summary>A gateway of its own (on the shared engine, seen through a decorator that records who called).</summary>
[Collection(GradingCollection.Name)]
public sealed class GradingGatewayTests(GradingFixture fixture) : IAsyncLifetime
{
    private CallerRecordingEngine _engine = null!;
    private GradingGateway _gateway = null!;
    private string _socket = "";

    public async Task InitializeAsync()
    {
        _engine = new CallerRecordingEngine(fixture.Engine);
        _gateway = new GradingGateway(_engine, NullLoggerFactory.Instance, new EmptyServices());
        _socket = await _gateway.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Request_RegisteredToken_IsServedAsTheRunsCaller()
    {
        var ada = new EngineCaller("ada", "class-1");
        using var registration = _gateway.Register(ada);
        using var lab = Connect(registration.Token);

        var tokens = await lab.TokenizeAsync("Once upon a time");

        Assert.Equal(await fixture.Engine.TokenizeAsync("Once upon a time", false, true, CancellationToken.None), tokens);
        Assert.Equal(ada, _engine.LastCaller);
    }

    [Fact]
    public async Task Request_UnknownToken_Is401WithOpenAiError()
    {
        using var registration = _gateway.Register(new EngineCaller("ada", null));
        using var lab = Connect("not-" + registration.Token);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => lab.TokenizeAsync("Once upon a time"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Contains("needs the lab's bearer token", error.Message);
        Assert.Null(_engine.LastCaller);
    }

    [Fact]
    public async Task Request_NoToken_Is401()
    {
        using var lab = Connect(null);
        using var http = lab.CreateHttpClient();

        using var response = await http.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"code\":\"invalid_api_key\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_RevokedToken_Is401()
    {
        var registration = _gateway.Register(new EngineCaller("ada", null));
        registration.Dispose();
        using var lab = Connect(registration.Token);
        using var http = lab.CreateHttpClient();

        using var response = await http.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_ModelLoadRoute_IsNotServed()
    {
        using var registration = _gateway.Register(new EngineCaller("ada", null));
        using var lab = Connect(registration.Token);
        using var http = lab.CreateHttpClient();

        using var load = await http.PostAsync("/models/load", new StringContent("{\"model\":\"x\"}"));
        using var models = await http.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.NotFound, load.StatusCode);
        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task DisposeAsync_Always_RemovesTheSocket()
    {
        Assert.True(File.Exists(_socket));
        Assert.Equal(Path.GetTempPath(), Path.GetDirectoryName(_socket) + "/");
        Assert.Equal(UnixFileMode.OtherWrite, File.GetUnixFileMode(_socket) & UnixFileMode.OtherWrite); // the sandbox is user nobody

        await _gateway.DisposeAsync();

        Assert.False(File.Exists(_socket));
    }

    private LabContext Connect(string? token) => new(GradingGateway.Endpoint, fixture.Engine.Model!.Id, token, _socket);

    /// <summary>Records <see cref="EngineCallerContext.Current"/> when the API tokenizes.</summary>
    private sealed class CallerRecordingEngine(IInferenceEngine inner) : DelegatingInferenceEngine(inner, ownsInner: false)
    {
        public EngineCaller? LastCaller { get; private set; }

        public override ValueTask<IReadOnlyList<int>> TokenizeAsync(string text, bool addSpecial, bool parseSpecial, CancellationToken cancellationToken)
        {
            LastCaller = EngineCallerContext.Current;
            return base.TokenizeAsync(text, addSpecial, parseSpecial, cancellationToken);
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
