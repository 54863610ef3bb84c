using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Apis;

/// <summary><c>GET /api/backends</c> through the real app (self-paced) with remote backends configured, keys included.</summary>
public sealed class BackendsApiTests
{
    private const string Key = "sk-web-SECRET-9876543210";

    [Fact]
    public async Task Get_ListsBuiltInThenConfigured_AndNeverTheKey()
    {
        await using var app = new WorkbenchAppFactory();
        app.Settings["Backends:vllm:BaseUrl"] = "http://gpu-box:8000/v1";
        app.Settings["Backends:vllm:Model"] = "Qwen/Qwen3-Coder-30B-A3B-Instruct";
        app.Settings["Backends:vllm:ApiKey"] = Key;
        app.Settings["Backends:vllm:ContextWindow"] = "65536";
        app.Settings["Backends:vllm:DisplayName"] = "Qwen3-Coder (vLLM)";
        app.Settings["Backends:ollama:BaseUrl"] = "http://localhost:11434/v1";
        app.Settings["Backends:ollama:Model"] = "qwen2.5-coder:7b";
        await app.StartReadyAsync();
        using var http = app.CreateClient();

        var response = await http.GetAsync("/api/backends");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("apiKey", text, StringComparison.OrdinalIgnoreCase);
        var list = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        // The lab's tool model comes second; the repository's models/ folder holds the committed workbench-tools.gguf.
        Assert.Equal(["built-in", "workbench-tools", "ollama", "vllm"], list.Select(b => b.GetProperty("name").GetString()));
        Assert.True(list[1].GetProperty("isAvailable").GetBoolean());
        Assert.True(list[0].GetProperty("isBuiltIn").GetBoolean());
        Assert.Equal(2048, list[0].GetProperty("contextWindow").GetInt32());
        var vllm = list[3];
        Assert.Equal("Qwen3-Coder (vLLM)", vllm.GetProperty("displayName").GetString());
        Assert.Equal("http://gpu-box:8000/v1", vllm.GetProperty("baseUrl").GetString());
        Assert.Equal("Qwen/Qwen3-Coder-30B-A3B-Instruct", vllm.GetProperty("model").GetString());
        Assert.Equal(65536, vllm.GetProperty("contextWindow").GetInt32());
        Assert.False(vllm.GetProperty("isBuiltIn").GetBoolean());
        Assert.Equal(["name", "displayName", "baseUrl", "model", "contextWindow", "isBuiltIn", "isAvailable", "note"], vllm.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Start_BadBaseUrl_FailsNamingTheKey()
    {
        await using var app = new WorkbenchAppFactory();
        app.Settings["Backends:vllm:BaseUrl"] = "gpu-box:8000";
        app.Settings["Backends:vllm:Model"] = "m";

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.Services);

        Assert.Contains("Backends:vllm:BaseUrl must be an absolute http or https URL", error.Message, StringComparison.Ordinal);
    }
}
