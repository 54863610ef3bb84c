using Workbench.Engine.ModelTools;
using Workbench.Engine.Serving;
using Workbench.Lab;
using Workbench.Web;
using Workbench.Web.Apis;
using Workbench.Web.Auth;
using Workbench.Web.Hosting;
using Workbench.Web.Hubs;
using Workbench.Web.Mcp;
using Workbench.Web.Security;

// Worker mode: the same executable serves only the engine's API, supervised by the web process below.
if (WorkerArguments.IsWorker(args))
{
    ParentProcessWatchdog.StartFromArguments(args);
    return await EngineWorkerHost.RunAsync(WorkerArguments.WithoutWorkerFlag(args));
}

// Model-tool mode: one heavy native job on model files (quantize, …) in a child process of its own; see ModelToolHost.
if (ModelToolHost.IsSelected(args)) return await ModelToolHost.RunAsync(args);

// MCP stdio mode: the same executable serves only the lab's MCP primitives on stdin/stdout (logs on stderr).
if (McpStdioHost.IsSelected(args)) return await McpStdioHost.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
var settingsRoot = WorkbenchPaths.FindSettingsRoot(builder.Environment.ContentRootPath);
builder.Configuration.AddWorkbenchSettings(settingsRoot, builder.Environment.ContentRootPath);
if (builder.Configuration[$"{WebOptions.SectionName}:{nameof(WebOptions.Urls)}"] is { Length: > 0 } urls)
{
    builder.WebHost.UseUrls(urls);
}

builder.Services.AddWorkerSupervisor(builder.Configuration, settingsRoot);
builder.Services.AddLab(builder.Configuration, settingsRoot);
builder.Services.AddWorkbenchAuth();
builder.Services.AddWorkbenchSecurity(builder.Configuration);
builder.Services.AddWebUi();
builder.Services.AddWorkbenchMcp(builder.Configuration);
builder.Services.AddSignalR().AddJsonProtocol(o =>
    o.PayloadSerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull);

var app = builder.Build();
app.UseApiRequestGuard();
app.UseWorkbenchAuth();
app.UseRateLimiter();
app.MapWebUi();
app.MapHub<GenerationHub>("/hubs/generation");
app.MapHub<AgentHub>("/hubs/agent");
app.MapHub<TrainingHub>("/hubs/training");
app.MapEngineApiProxy();
app.MapLabApi();
app.MapClassroomApi();
app.MapWorkbenchMcp();
app.MapMcpApi();
app.MapModelTensorsApi();
app.MapQuantizeApi();
app.MapEvaluationApi();
app.MapAgentApi();
app.MapBackendsApi();
app.MapTrainingApi();
app.MapGet("/healthz", (Workbench.Lab.Grading.Sandbox.SandboxCapabilities sandbox) => TypedResults.Ok(new { status = "ok", sandbox = sandbox.Describe() })).WithTags("Web");

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
