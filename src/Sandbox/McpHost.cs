using System.Reflection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Workbench.Sandbox;

/// <summary>
/// The sandbox's MCP mode (<c>host: mcp-server</c>): serves the submission as an MCP server over the private channel
/// with the official SDK (<see cref="StreamServerTransport"/>: newline-delimited JSON-RPC 2.0, the stdio transport),
/// so the grader's MCP client talks to it exactly as a desktop client talks to a stdio server. The tools, resources
/// and prompts are those the submission declares with the SDK's attributes: methods marked
/// <see cref="McpServerToolAttribute"/> in types marked <see cref="McpServerToolTypeAttribute"/>, likewise
/// <see cref="McpServerResourceAttribute"/> / <see cref="McpServerResourceTypeAttribute"/> and
/// <see cref="McpServerPromptAttribute"/> / <see cref="McpServerPromptTypeAttribute"/> (static methods, or instance
/// methods of a type with a public parameterless constructor, one instance per call). A tool that throws is the
/// SDK's <c>isError</c> result; nothing here computes a verdict.
/// </summary>
internal static class McpHost
{
    private const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    /// <summary>Builds the server's options from <paramref name="assembly"/>'s attributed methods.</summary>
    /// <param name="assembly">The submission.</param>
    /// <returns>Options holding one collection per kind the submission declares (null for a kind it does not, so
    /// the server's capabilities list only what it serves).</returns>
    /// <exception cref="McpHostException">A declared method cannot be served (for example two tools of one name, or
    /// a parameter type the SDK cannot describe); the message names the method.</exception>
    public static McpServerOptions CreateOptions(Assembly assembly)
    {
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        var resources = new McpServerResourceCollection();
        var prompts = new McpServerPrimitiveCollection<McpServerPrompt>();
        foreach (var type in LoadableTypes(assembly))
        {
            var isTools = type.IsDefined(typeof(McpServerToolTypeAttribute), inherit: false);
            var isResources = type.IsDefined(typeof(McpServerResourceTypeAttribute), inherit: false);
            var isPrompts = type.IsDefined(typeof(McpServerPromptTypeAttribute), inherit: false);
            if (!isTools && !isResources && !isPrompts) continue;
            foreach (var method in type.GetMethods(Members))
            {
                try
                {
                    if (isTools && method.IsDefined(typeof(McpServerToolAttribute), inherit: false))
                        tools.Add(method.IsStatic ? McpServerTool.Create(method, target: null) : McpServerTool.Create(method, _ => CreateInstance(type)));
                    if (isResources && method.IsDefined(typeof(McpServerResourceAttribute), inherit: false))
                        resources.Add(method.IsStatic ? McpServerResource.Create(method, target: null) : McpServerResource.Create(method, _ => CreateInstance(type)));
                    if (isPrompts && method.IsDefined(typeof(McpServerPromptAttribute), inherit: false))
                        prompts.Add(method.IsStatic ? McpServerPrompt.Create(method, target: null) : McpServerPrompt.Create(method, _ => CreateInstance(type)));
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or TypeLoadException)
                {
                    throw new McpHostException($"{type.FullName}.{method.Name} cannot be served: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        return new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "submission", Version = "1.0.0" },
            ToolCollection = tools.Count > 0 ? tools : null,
            ResourceCollection = resources.Count > 0 ? resources : null,
            PromptCollection = prompts.Count > 0 ? prompts : null,
        };
    }

    /// <summary>Serves <paramref name="options"/> on the channel until the grader closes it.</summary>
    /// <param name="options">From <see cref="CreateOptions"/>.</param>
    /// <param name="requests">The grader's messages (the sandbox's original standard input).</param>
    /// <param name="responses">Where the server's messages go (the original standard output).</param>
    /// <returns>The process exit code: 0.</returns>
    public static async Task<int> RunAsync(McpServerOptions options, Stream requests, Stream responses)
    {
        await using var transport = new StreamServerTransport(requests, responses, serverName: "submission");
        await using var server = McpServer.Create(transport, options);
        await server.RunAsync();
        return 0;
    }

    private static object CreateInstance(Type type) =>
        Activator.CreateInstance(type) ?? throw new InvalidOperationException($"cannot create a {type.Name}");

    /// <summary>The assembly's types; a type that cannot load (a broken reference) is left out.</summary>
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}

/// <summary>The submission declares an MCP primitive the SDK cannot serve.</summary>
/// <param name="message">What and why, naming the method.</param>
internal sealed class McpHostException(string message) : Exception(message);
