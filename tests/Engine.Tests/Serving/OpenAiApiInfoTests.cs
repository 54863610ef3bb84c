using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>The llama-server-style endpoints and the non-streaming answers' shapes.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenAiApiInfoTests(ApiServerFixture server)
{
    private async Task<(int Status, JsonNode Body)> GetAsync(string path)
    {
        using var response = await server.Http.GetAsync(path);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Models_ListsTheLoadedModel()
    {
        var (status, body) = await GetAsync("/v1/models");
        Assert.Equal(200, status);
        Assert.Equal("list", (string?)body["object"]);
        var model = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal(ApiServerFixture.ModelFileName, (string?)model["id"]);
        Assert.Equal("model", (string?)model["object"]);
        Assert.Equal(server.Model.VocabSize, (int)model["meta"]!["n_vocab"]!);
    }

    [Fact]
    public async Task Tokenize_Detokenize_RoundTrip()
    {
        const string text = "Once upon a time, there was a little dog.";
        var (status, tokens) = await ApiTestJson.PostAsync(server.Http, "/tokenize", new { content = text });
        Assert.Equal(200, status);
        var ids = tokens["tokens"]!.AsArray().Select(t => (int)t!).ToArray();
        Assert.True(ids.Length > 5);
        Assert.Equal(ids, await server.Engine.TokenizeAsync(text, false, true, CancellationToken.None));

        var (_, withBos) = await ApiTestJson.PostAsync(server.Http, "/tokenize", new { content = text, add_special = true });
        Assert.Equal(server.Model.BosToken, (int)withBos["tokens"]![0]!);

        var (detokStatus, detok) = await ApiTestJson.PostAsync(server.Http, "/detokenize", new { tokens = ids });
        Assert.Equal(200, detokStatus);
        Assert.Equal(text, ((string?)detok["content"])?.TrimStart());
    }

    [Fact]
    public async Task Tokenize_WithPieces_PiecesConcatenateToText()
    {
        const string text = "The sun was warm.";
        var (status, body) = await ApiTestJson.PostAsync(server.Http, "/tokenize", new { content = text, with_pieces = true });
        Assert.Equal(200, status);
        var tokens = body["tokens"]!.AsArray();
        Assert.All(tokens, t => Assert.True((int)t!["id"]! >= 0));
        Assert.Equal(text, string.Concat(tokens.Select(t => (string?)t!["piece"])).TrimStart());
    }

    [Fact]
    public async Task ApplyTemplate_DefaultsToChatml()
    {
        var (status, body) = await ApiTestJson.PostAsync(server.Http, "/apply-template", new
        {
            messages = new[] { new { role = "system", content = "Be kind." }, new { role = "user", content = "Hi" } },
        });
        Assert.Equal(200, status);
        var prompt = (string?)body["prompt"];
        Assert.Contains("<|im_start|>system\nBe kind.<|im_end|>", prompt);
        Assert.EndsWith("<|im_start|>assistant\n", prompt);
        Assert.False(string.IsNullOrEmpty((string?)body["template"]));
    }

    [Fact]
    public async Task Props_CarriesModelMetadata()
    {
        var (status, body) = await GetAsync("/props");
        Assert.Equal(200, status);
        var model = body["model"]!;
        Assert.Equal(server.Model.Id, (string?)model["id"]);
        Assert.Equal("llama", (string?)model["architecture"]);
        Assert.Equal(server.Model.ParameterCount, (long)model["parameter_count"]!);
        Assert.Equal(server.Model.VocabSize, (int)model["vocab_size"]!);
        Assert.NotEmpty(model["metadata"]!.AsArray());
        Assert.Equal(ApiServerFixture.ContextSize, (int)body["n_ctx"]!);
        Assert.Equal(2, (int)body["total_slots"]!);
        Assert.Equal("chatml", (string?)body["default_chat_template"]);
        Assert.Equal("ready", (string?)body["engine"]);
        Assert.True((float)body["default_generation_settings"]!["params"]!["temperature"]! > 0);
    }

    [Fact]
    public async Task Health_IsOk()
    {
        var (status, body) = await GetAsync("/health");
        Assert.Equal(200, status);
        Assert.Equal("ok", (string?)body["status"]);
    }

    [Fact]
    public async Task ChatCompletion_NonStreaming_HasOpenAiShapeAndTimings()
    {
        var (status, body) = await ApiTestJson.PostAsync(server.Http, "/v1/chat/completions", new
        {
            model = server.Model.Id,
            messages = new object[] { new { role = "user", content = new[] { new { type = "text", text = "Tell a story." } } } },
            max_completion_tokens = 4,
            stop = "zzz",
            logprobs = true,
            unknown_field = new { ignored = true },
        });
        Assert.Equal(200, status);
        Assert.Equal("chat.completion", (string?)body["object"]);
        Assert.True((long)body["created"]! > 1_600_000_000);
        var choice = body["choices"]![0]!;
        Assert.Equal(0, (int)choice["index"]!);
        Assert.Equal("assistant", (string?)choice["message"]!["role"]);
        Assert.Equal("length", (string?)choice["finish_reason"]);
        Assert.Equal(4, choice["logprobs"]!["content"]!.AsArray().Count);
        Assert.Equal(4, (int)body["timings"]!["predicted_n"]!);
        Assert.Equal((int)body["usage"]!["prompt_tokens"]!, (int)body["timings"]!["prompt_n"]!);
    }

    [Fact]
    public async Task Completion_SeededRuns_AreReproducible()
    {
        var body = new { prompt = "Tom had a red ball.", max_tokens = 12, seed = 1234, temperature = 1.0 };
        var (_, first) = await ApiTestJson.PostAsync(server.Http, "/v1/completions", body);
        var (_, second) = await ApiTestJson.PostAsync(server.Http, "/v1/completions", body);
        Assert.Equal("text_completion", (string?)first["object"]);
        Assert.Equal((string?)first["choices"]![0]!["text"], (string?)second["choices"]![0]!["text"]);
        Assert.Null(first["choices"]![0]!["logprobs"]);
    }

    [Fact]
    public async Task StopString_EndsGenerationBeforeIt()
    {
        var body = new { prompt = "Once upon a time, there was a little girl named", max_tokens = 30, seed = 7, temperature = 0.0 };
        var (_, probe) = await ApiTestJson.PostAsync(server.Http, "/v1/completions", body);
        var text = (string)probe["choices"]![0]!["text"]!;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length >= 4, "the probe must produce a few words: " + text);
        var stop = " " + words[2];

        var (_, stopped) = await ApiTestJson.PostAsync(server.Http, "/v1/completions",
            new { body.prompt, body.max_tokens, body.seed, body.temperature, stop = new[] { stop } });
        var choice = stopped["choices"]![0]!;
        Assert.Equal("stop", (string?)choice["finish_reason"]);
        Assert.Equal(text[..text.IndexOf(stop, StringComparison.Ordinal)], (string?)choice["text"]);
    }
}
