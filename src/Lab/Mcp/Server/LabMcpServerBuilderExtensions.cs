using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Workbench.Lab.Mcp.Server;

/// <summary>Serves <see cref="LabMcpPrimitives"/> from an MCP server built with the SDK's <c>AddMcpServer()</c>, on
/// whatever transport the host adds (streamable HTTP in the web app, stdio for <c>--mcp-stdio</c>).</summary>
public static class LabMcpServerBuilderExtensions
{
    /// <summary>The server's name in <c>initialize</c>'s <c>serverInfo</c>.</summary>
    public const string ServerName = "workbench";

    /// <summary>
    /// Registers <see cref="LabMcpPrimitives"/> (a singleton) and adds its tools, resources and prompts to the
    /// server's <see cref="McpServerOptions"/>, with <c>serverInfo</c> <c>{name: "workbench", version}</c> and short
    /// instructions. Expects <c>BuiltinTools</c> and <c>ILabCatalog</c> to be registered (<c>AddLab</c>, or the
    /// content services alone).
    /// </summary>
    /// <param name="builder">The builder of <c>services.AddMcpServer()</c>.</param>
    public static IMcpServerBuilder WithLabPrimitives(this IMcpServerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<LabMcpPrimitives>();
        builder.Services.AddOptions<McpServerOptions>().Configure<LabMcpPrimitives>((options, primitives) =>
        {
            options.ServerInfo = new Implementation
            {
                Name = ServerName,
                Title = "LLM Workbench",
                Version = typeof(LabMcpPrimitives).Assembly.GetName().Version?.ToString() ?? "0.0.0",
            };
            options.ServerInstructions =
                "The LLM Workbench teaching lab: built-in tools (weather, time, calculator, unit conversion, file search), " +
                "one resource per lab (lab://<lab-id>, Markdown) and prompts that explain tool calls and labs.";
            options.ToolCollection ??= [];
            foreach (var tool in primitives.Tools) options.ToolCollection.Add(tool);
            options.ResourceCollection ??= [];
            foreach (var resource in primitives.Resources) options.ResourceCollection.Add(resource);
            options.PromptCollection ??= [];
            foreach (var prompt in primitives.Prompts) options.PromptCollection.Add(prompt);
        });
        return builder;
    }
}
