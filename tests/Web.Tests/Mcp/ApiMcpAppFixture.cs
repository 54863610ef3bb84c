using System.Net;
using System.Text.Json;
using Workbench.Web.Tests.Auth;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Mcp;

/// <summary>
/// The real app in classroom mode with the real MCP registry: <c>Mcp:ConfigFile</c> names a temp <c>mcpServers</c>
/// file holding server-everything over stdio (<c>everything</c>); the instructor <c>prof</c> signed in, students
/// Ada and Bob joined, a visitor with no sign-in. Each member may make <see cref="CallsPerMinute"/> tool calls a minute.
/// </summary>
public sealed class ApiMcpAppFixture : IAsyncLifetime
{
    public const string InstructorPassword = "instructor-pass-1";

    /// <summary>The members' tool-call quota (Web:Mcp:CallsPerMinutePerMember).</summary>
    public const int CallsPerMinute = 5;

    private string? _configFile;

    public WorkbenchAppFactory App { get; } = new();

    public WebUser Instructor { get; private set; } = null!;
    public WebUser Ada { get; private set; } = null!;
    public WebUser Bob { get; private set; } = null!;
    public WebUser Visitor { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _configFile = ApiReferenceServer.WriteConfigFile(ApiReferenceServer.EverythingStdio());
        App.Settings["Lab:Mode"] = "Classroom";
        App.Settings["Lab:Instructor:UserName"] = "prof";
        App.Settings["Lab:Instructor:Password"] = InstructorPassword;
        App.Settings["Mcp:ConfigFile"] = _configFile;
        App.Settings["Mcp:ConnectTimeoutSeconds"] = "30";
        App.Settings["Mcp:RequestTimeoutSeconds"] = "10";
        App.Settings["Web:Mcp:CallsPerMinutePerMember"] = CallsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        App.Settings["Web:Mcp:IncludeWorkbenchServer"] = "false";

        Instructor = new WebUser(App);
        Assert.Equal("/classes", (await Instructor.SignInAsync("prof", InstructorPassword)).OriginalString);
        var classroom = await Instructor.PostJsonAsync("/api/classes", new { name = "MCP group" }, HttpStatusCode.Created);
        Ada = await JoinAsync(classroom, "Ada");
        Bob = await JoinAsync(classroom, "Bob");
        Visitor = new WebUser(App);
        await WaitConnectedAsync("everything");
    }

    /// <summary>Waits until GET /api/mcp/servers says the server is connected (the config file's servers connect at start-up).</summary>
    public async Task<JsonElement> WaitConnectedAsync(string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var servers = await Instructor.GetJsonAsync("/api/mcp/servers");
            var server = servers.EnumerateArray().FirstOrDefault(s => s.GetProperty("name").GetString() == name);
            if (server.ValueKind == JsonValueKind.Object && server.GetProperty("status").GetString() == "connected") return server;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} did not connect: {servers}");
            await Task.Delay(200);
        }
    }

    private async Task<WebUser> JoinAsync(JsonElement classroom, string name)
    {
        var user = new WebUser(App);
        await user.JoinAsync(classroom.GetProperty("joinCode").GetString()!, name);
        Assert.True(user.HasAuthCookie);
        return user;
    }

    public async Task DisposeAsync()
    {
        foreach (var user in new[] { Instructor, Ada, Bob, Visitor }) user?.Dispose();
        await App.DisposeAsync();
        if (_configFile is not null) Directory.Delete(Path.GetDirectoryName(_configFile)!, recursive: true);
    }
}
