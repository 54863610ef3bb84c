using Microsoft.Extensions.AI;

namespace Workbench.Lab.Backends;

/// <summary>
/// The model backends a session can choose (issue 14 §1): the built-in engine (<see cref="BuiltInName"/>, the
/// default) and every OpenAI-compatible endpoint configured as <c>Backends:&lt;name&gt;:{BaseUrl, ApiKey, Model}</c>
/// (vLLM, llama-server, Ollama, LM Studio, a hosted API). Chat, the tool loop and the coding agent all ask here
/// for an <see cref="IChatClient"/>, so they drive any of them the same way.
/// </summary>
public interface IChatBackends
{
    /// <summary>The built-in engine's name, always present and the default.</summary>
    public const string BuiltInName = "built-in";

    /// <summary>The lab's trained tool-calling model's name (issue 15): a second built-in entry, listed after
    /// <see cref="BuiltInName"/> when <c>Engine:ToolModel</c> is set (see <see cref="IToolModelBackend"/>).</summary>
    public const string ToolModelName = "workbench-tools";

    /// <summary>The backends in configuration order, the built-in engine first. Never carries an API key.</summary>
    IReadOnlyList<BackendInfo> List();

    /// <summary>A chat client for <paramref name="backend"/>. Its failures (refused connection, timeout, a body
    /// that is not OpenAI's shape, an HTTP error) surface as <see cref="BackendException"/> from its calls.</summary>
    /// <param name="backend">A name from <see cref="List"/>; null or empty = <see cref="BuiltInName"/>.</param>
    /// <param name="model">The model to ask for; null = the backend's configured <c>Model</c> (the built-in engine
    /// ignores it: it serves the loaded model).</param>
    /// <returns>A client owned by the caller (dispose it when done).</returns>
    /// <exception cref="BackendNotFoundException">No backend has that name.</exception>
    IChatClient GetChatClient(string? backend, string? model = null);
}

/// <summary>What a browser may know about one backend (no key, no secret header).</summary>
/// <param name="Name">Its configuration name (<c>Backends:&lt;name&gt;</c>), or <see cref="IChatBackends.BuiltInName"/>.</param>
/// <param name="DisplayName">A label for pickers.</param>
/// <param name="BaseUrl">The endpoint (scheme, host, port and path; null for the built-in engine).</param>
/// <param name="Model">The configured model name (null for the built-in engine).</param>
/// <param name="ContextWindow">The model's context window in tokens, as configured (<c>ContextWindow</c>) or, for the
/// built-in engine, n_ctx of the loaded model; null when unknown.</param>
/// <param name="IsBuiltIn">True for the embedded llama.cpp engine (the default model and the tool model).</param>
/// <param name="IsAvailable">False when the backend is listed but cannot serve (the tool model's file is missing);
/// <paramref name="Note"/> says why.</param>
/// <param name="Note">Why the backend is unavailable, or null.</param>
public sealed record BackendInfo(string Name, string DisplayName, string? BaseUrl, string? Model, int? ContextWindow, bool IsBuiltIn,
    bool IsAvailable = true, string? Note = null);

/// <summary>A backend failed in a way the user must see: down (connection refused), slow (no answer within its
/// timeout), garbage (a body that is not an OpenAI chat completion), or an HTTP error with its status.</summary>
/// <param name="backend">The backend's name.</param>
/// <param name="message">What went wrong, for the UI and the trace ("backend 'vllm' at http://…: connection refused").</param>
/// <param name="inner">The underlying exception.</param>
public class BackendException(string backend, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The backend's name.</summary>
    public string Backend { get; } = backend;
}

/// <summary>No backend has the requested name.</summary>
/// <param name="backend">The name asked for.</param>
public sealed class BackendNotFoundException(string backend)
    : BackendException(backend, $"There is no backend named '{backend}'.");
