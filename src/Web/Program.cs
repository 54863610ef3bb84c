var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "LLM Workbench");
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
