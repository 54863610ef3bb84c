using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Workbench.Web.Mcp;
using Workbench.Web.Security;

namespace Workbench.Web.Tests.Mcp;

/// <summary>The Host rule of <c>/mcp</c> (DNS-rebinding protection) for each kind of name.</summary>
public sealed class McpRequestGuardTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("workbench.localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("192.168.1.20", true)]
    [InlineData("evil.example", false)]
    [InlineData("localhost.evil.example", false)]
    [InlineData("", false)]
    public void IsAllowedHost_BoundToLoopback(string host, bool allowed) =>
        Assert.Equal(allowed, McpRequestGuard.IsAllowedHost(host, new WebSecurityOptions(), Server("http://127.0.0.1:5000")));

    [Fact]
    public void IsAllowedHost_AllInterfaces_AllowsThisMachinesNameButNoOther()
    {
        var server = Server("http://0.0.0.0:5000");
        Assert.True(McpRequestGuard.IsAllowedHost(System.Net.Dns.GetHostName(), new WebSecurityOptions(), server));
        Assert.True(McpRequestGuard.IsAllowedHost("10.0.0.7", new WebSecurityOptions(), server));
        Assert.False(McpRequestGuard.IsAllowedHost("workbench.school.example", new WebSecurityOptions(), server));
    }

    [Fact]
    public void IsAllowedHost_NamedInListenUrlsOrAllowedOrigins_IsAllowed()
    {
        Assert.True(McpRequestGuard.IsAllowedHost("workbench.lan", new WebSecurityOptions(), Server("http://workbench.lan:5000")));
        var proxied = new WebSecurityOptions { AllowedOrigins = ["https://workbench.school.example"] };
        Assert.True(McpRequestGuard.IsAllowedHost("workbench.school.example", proxied, Server("http://127.0.0.1:5000")));
        Assert.False(McpRequestGuard.IsAllowedHost("other.school.example", proxied, Server("http://127.0.0.1:5000")));
    }

    private static IServer Server(params string[] addresses)
    {
        var feature = new ServerAddressesFeature();
        foreach (var address in addresses) feature.Addresses.Add(address);
        var features = new FeatureCollection();
        features.Set<IServerAddressesFeature>(feature);
        return new ListeningServer(features);
    }

    // A neighbour: the server's listen addresses, as Kestrel reports them.
    private sealed class ListeningServer(IFeatureCollection features) : IServer
    {
        public IFeatureCollection Features { get; } = features;
        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public void Dispose() { }
    }
}
