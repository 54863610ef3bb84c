using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using Workbench.Engine.Inference;

namespace Workbench.Lab.Backends;

/// <summary>
/// The <see cref="IChatBackends"/> of the app: <see cref="IChatBackends.BuiltInName"/> is an
/// <see cref="EngineChatClient"/> over the registered <see cref="IInferenceEngine"/> (in the web app the supervised,
/// quota-charging one, so quotas apply to chat, the tool loop and the agent alike); every <c>Backends:&lt;name&gt;</c>
/// entry is MEAI's OpenAI client (<c>OpenAIClient(…).GetChatClient(model).AsIChatClient()</c>, OpenAI .NET SDK) with
/// <see cref="ClientPipelineOptions.NetworkTimeout"/> = <c>TimeoutSeconds</c> and no retries (a retry would hide a
/// down or slow backend behind minutes of waiting), wrapped in <see cref="BackendErrorChatClient"/>.
/// <para><see cref="IChatBackends.ToolModelName"/> (when <paramref name="toolModel"/> is configured) is an
/// <see cref="EngineChatClient"/> over <see cref="IToolModelBackend.Engine"/>; listed with
/// <see cref="BackendInfo.IsAvailable"/> false and its <see cref="IToolModelBackend.Note"/> while its file is missing.</para>
/// </summary>
/// <param name="options">The validated <c>Backends</c> section.</param>
/// <param name="engine">The built-in engine.</param>
/// <param name="toolModel">The lab's tool model (issue 15), or null when the host serves none.</param>
public sealed class ChatBackends(IOptions<BackendOptions> options, IInferenceEngine engine, IToolModelBackend? toolModel = null) : IChatBackends
{
    /// <summary>The built-in engine's label in pickers.</summary>
    public const string BuiltInDisplayName = "Built-in engine";

    /// <summary>The tool model's label in pickers.</summary>
    public const string ToolModelDisplayName = "Workbench tool model (trained in this lab)";

    /// <inheritdoc/>
    public IReadOnlyList<BackendInfo> List()
    {
        var list = new List<BackendInfo>
        {
            new(IChatBackends.BuiltInName, BuiltInDisplayName, null, null, engine.Model?.ContextSize, IsBuiltIn: true),
        };
        if (toolModel is { IsConfigured: true } tools)
            list.Add(new BackendInfo(IChatBackends.ToolModelName, ToolModelDisplayName, null, tools.ModelFileName, tools.ContextWindow,
                IsBuiltIn: true, tools.IsAvailable, tools.Note));
        foreach (var (name, entry) in options.Value.Remote)
            list.Add(new BackendInfo(name, string.IsNullOrWhiteSpace(entry.DisplayName) ? name : entry.DisplayName, ShownUrl(entry),
                entry.Model, entry.ContextWindow, IsBuiltIn: false));
        return list;
    }

    /// <inheritdoc/>
    public IChatClient GetChatClient(string? backend, string? model = null)
    {
        if (string.IsNullOrEmpty(backend) || string.Equals(backend, IChatBackends.BuiltInName, StringComparison.OrdinalIgnoreCase))
            return new EngineChatClient(engine);
        if (string.Equals(backend, IChatBackends.ToolModelName, StringComparison.OrdinalIgnoreCase))
        {
            if (toolModel is not { IsConfigured: true }) throw new BackendNotFoundException(backend);
            if (!toolModel.IsAvailable) throw new BackendException(IChatBackends.ToolModelName, toolModel.Note ?? "The tool model is not available.");
            return new EngineChatClient(toolModel.Engine);
        }
        if (!options.Value.Remote.TryGetValue(backend, out var entry)) throw new BackendNotFoundException(backend);
        var timeout = TimeSpan.FromSeconds(entry.TimeoutSeconds);
        bool hasKey = !string.IsNullOrEmpty(entry.ApiKey);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(entry.BaseUrl),
            NetworkTimeout = timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        clientOptions.AddPolicy(new BackendWirePolicy(hasKey), PipelinePosition.BeforeTransport);
        // The SDK refuses an empty credential; without a key the policy removes the header it makes.
        var credential = new ApiKeyCredential(hasKey ? entry.ApiKey : "no-key");
        var inner = new OpenAIClient(credential, clientOptions)
            .GetChatClient(string.IsNullOrWhiteSpace(model) ? entry.Model : model)
            .AsIChatClient();
        return new BackendErrorChatClient(inner, FindName(backend), ShownUrl(entry), timeout, entry.ApiKey);
    }

    private string FindName(string backend) => options.Value.Remote.Keys.First(k => string.Equals(k, backend, StringComparison.OrdinalIgnoreCase));

    private static string ShownUrl(RemoteBackendOptions entry) => entry.BaseUrl.TrimEnd('/');
}
