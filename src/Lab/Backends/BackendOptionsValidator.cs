using Microsoft.Extensions.Options;

namespace Workbench.Lab.Backends;

/// <summary>Checks <see cref="BackendOptions"/> at start-up: every failure names its configuration key
/// (<c>Backends:vllm:BaseUrl</c>) and says what is allowed.</summary>
/// <remarks>Rules: a name of letters, digits, <c>.</c>, <c>_</c> or <c>-</c>, not <c>built-in</c> (reserved for the
/// embedded engine) nor <c>workbench-tools</c> (the tool model); <c>BaseUrl</c> an absolute <c>http</c>/<c>https</c> URL without user info (a key belongs in
/// <c>ApiKey</c>); <c>Model</c> not empty; <c>TimeoutSeconds</c> 1..3600; <c>ContextWindow</c> empty or
/// 1..10 000 000.</remarks>
public sealed class BackendOptionsValidator : IValidateOptions<BackendOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BackendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (backend, entry) in options.Remote)
        {
            string key = $"{BackendOptions.SectionName}:{backend}";
            if (string.Equals(backend, IChatBackends.BuiltInName, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{key}: the name '{IChatBackends.BuiltInName}' is reserved for the embedded engine; choose another name.");
                continue;
            }
            if (string.Equals(backend, IChatBackends.ToolModelName, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{key}: the name '{IChatBackends.ToolModelName}' is reserved for the lab's tool model (Engine:ToolModel); choose another name.");
                continue;
            }
            if (backend.Length == 0 || !backend.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                failures.Add($"{key}: a backend name may hold only letters, digits, '.', '_' and '-'.");
            if (!Uri.TryCreate(entry.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                failures.Add($"{key}:BaseUrl must be an absolute http or https URL such as http://localhost:8000/v1 (was '{entry.BaseUrl}').");
            else if (uri.UserInfo.Length > 0)
                failures.Add($"{key}:BaseUrl must not carry user info; put the key in {key}:ApiKey.");
            if (string.IsNullOrWhiteSpace(entry.Model))
                failures.Add($"{key}:Model is required: the model name the server serves (vLLM's --served-model-name, Ollama's tag).");
            if (entry.TimeoutSeconds is < 1 or > 3600)
                failures.Add($"{key}:TimeoutSeconds must be within 1..3600 (was {entry.TimeoutSeconds}).");
            if (entry.ContextWindow is < 1 or > 10_000_000)
                failures.Add($"{key}:ContextWindow must be within 1..10000000 (was {entry.ContextWindow}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
