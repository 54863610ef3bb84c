using Workbench.Engine.Inference;

namespace Workbench.Web.Hosting;

/// <summary>A model load the web app refuses before it reaches the worker (<see cref="ModelLoadGuard"/>). The
/// message is safe to show; <see cref="Status"/> and <see cref="Code"/> are the HTTP status and OpenAI error code
/// the engine API answers with (<c>type</c> <c>invalid_request_error</c>, <c>param</c> <c>path</c>).</summary>
/// <param name="status">400 for a path that names no loadable file, 422 for a file that crashed the engine.</param>
/// <param name="code"><see cref="ModelLoadGuard.ModelLoadFailedCode"/> or <see cref="ModelLoadGuard.CrashedEngineCode"/>.</param>
/// <param name="message">What to tell the caller.</param>
public sealed class ModelLoadRefusedException(int status, string code, string message) : EngineException(message)
{
    /// <summary>The HTTP status of the refusal.</summary>
    public int Status { get; } = status;

    /// <summary>The OpenAI error envelope's <c>code</c>.</summary>
    public string Code { get; } = code;
}
