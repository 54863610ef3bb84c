using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workbench.Lab.Backends;
using static Workbench.Lab.Tests.Backends.BackendTestConfig;

namespace Workbench.Lab.Tests.Backends;

/// <summary>Start-up validation of the <c>Backends</c> section, as the host runs it (<c>ValidateOnStart</c> resolves
/// the options; resolving them here fails the same way).</summary>
public sealed class BackendOptionsValidatorTests
{
    private static string Failure(Dictionary<string, string?> settings)
    {
        using var services = Services(settings);
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<BackendOptions>>().Value);
        return string.Join("\n", error.Failures);
    }

    [Theory]
    [InlineData("localhost:8000/v1")]
    [InlineData("/v1")]
    [InlineData("ftp://host/v1")]
    [InlineData("")]
    public void BaseUrl_NotAbsoluteHttp_FailsNamingTheKey(string url)
    {
        var settings = Remote("vllm", new Uri("http://x/v1"), "m");
        settings["Backends:vllm:BaseUrl"] = url;

        Assert.Contains("Backends:vllm:BaseUrl must be an absolute http or https URL", Failure(settings), StringComparison.Ordinal);
    }

    [Fact]
    public void BaseUrl_WithUserInfo_FailsPointingAtApiKey()
    {
        var settings = Remote("vllm", new Uri("http://x/v1"), "m");
        settings["Backends:vllm:BaseUrl"] = "http://user:secret@host:8000/v1";

        var failure = Failure(settings);

        Assert.Contains("Backends:vllm:BaseUrl must not carry user info; put the key in Backends:vllm:ApiKey.", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_Empty_FailsNamingTheKey()
    {
        var settings = Remote("lmstudio", new Uri("http://localhost:1234/v1"), "");
        settings["Backends:lmstudio:Model"] = " ";

        Assert.Contains("Backends:lmstudio:Model is required", Failure(settings), StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInName_IsReserved()
    {
        Assert.Contains("Backends:built-in: the name 'built-in' is reserved", Failure(Remote("built-in", new Uri("http://x/v1"), "m")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TimeoutSeconds", "0", "Backends:vllm:TimeoutSeconds must be within 1..3600 (was 0).")]
    [InlineData("ContextWindow", "-5", "Backends:vllm:ContextWindow must be within 1..10000000 (was -5).")]
    public void Ranges_OutOfBounds_FailNamingTheKey(string key, string value, string expected)
    {
        var settings = Remote("vllm", new Uri("http://x/v1"), "m");
        settings[$"Backends:vllm:{key}"] = value;

        Assert.Contains(expected, Failure(settings), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblem_IsReported_NotOnlyTheFirst()
    {
        var settings = Remote("a", new Uri("http://x/v1"), "");
        settings["Backends:a:Model"] = "";
        settings["Backends:b:BaseUrl"] = "nope";
        settings["Backends:b:Model"] = "m";

        var failure = Failure(settings);

        Assert.Contains("Backends:a:Model", failure, StringComparison.Ordinal);
        Assert.Contains("Backends:b:BaseUrl", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidEntry_AndEmptySection_Pass()
    {
        using var valid = Services(Remote("ollama", new Uri("http://localhost:11434/v1"), "qwen2.5-coder:7b", key: null));
        Assert.Equal(120, valid.GetRequiredService<IOptions<BackendOptions>>().Value.Remote["ollama"].TimeoutSeconds);
        using var empty = Services(new Dictionary<string, string?>());
        Assert.Empty(empty.GetRequiredService<IOptions<BackendOptions>>().Value.Remote);
    }
}
