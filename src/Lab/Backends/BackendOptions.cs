namespace Workbench.Lab.Backends;

/// <summary>The <c>Backends</c> section of appsettings.json: the remote OpenAI-compatible endpoints, by name
/// (<c>Backends:&lt;name&gt;:{BaseUrl, ApiKey, Model, DisplayName?, ContextWindow?, TimeoutSeconds?}</c>). The built-in
/// engine is not configured here; its name <see cref="IChatBackends.BuiltInName"/> is reserved.</summary>
/// <remarks>Keys belong in user secrets or the environment (<c>Backends__vllm__ApiKey</c>), never in a committed file.
/// Validated at start-up (<see cref="BackendOptionsValidator"/>); an invalid entry stops the app with a message
/// naming its key.</remarks>
public sealed class BackendOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Backends";

    /// <summary>The remote backends by name, in configuration order (keys are compared ignoring case, as
    /// configuration does).</summary>
    public Dictionary<string, RemoteBackendOptions> Remote { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One remote backend: an OpenAI-compatible chat-completions endpoint (vLLM, llama-server, Ollama,
/// LM Studio, a hosted API).</summary>
public sealed class RemoteBackendOptions
{
    /// <summary>The API base the OpenAI client appends <c>chat/completions</c> to, usually ending in <c>/v1</c>
    /// (<c>http://localhost:8000/v1</c>). Required; absolute <c>http</c> or <c>https</c>, without user info.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>The bearer key (<c>Authorization: Bearer …</c>); empty (default) = no <c>Authorization</c> header,
    /// for local servers started without a key. Never shown to a browser, never written to a message or log.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The model name sent as <c>model</c> (vLLM's <c>--served-model-name</c>, Ollama's tag). Required.</summary>
    public string Model { get; set; } = "";

    /// <summary>A label for pickers; empty = the backend's name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The model's context window in tokens (1..10 000 000), when known; null = unknown.</summary>
    public int? ContextWindow { get; set; }

    /// <summary>Seconds one network operation may take (sending the request, waiting for headers, each read of a
    /// streamed body) before the call fails with "did not answer within N s" (1..3600). Default 120.</summary>
    public int TimeoutSeconds { get; set; } = 120;
}
