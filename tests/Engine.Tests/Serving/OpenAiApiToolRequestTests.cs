using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving;
using Workbench.Engine.Serving.Wire;
using Workbench.Engine.Tools;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>The request side of tool calling on <c>/v1/chat/completions</c> (issue 11 §1): every rejection of
/// <see cref="ToolRequestCases"/> is a 400 in OpenAI's error shape naming the field, through the real API and model;
/// a valid request is served and its tools reach the validated generation.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenAiApiToolRequestTests(ApiServerFixture server)
{
    [Theory]
    [MemberData(nameof(ToolRequestCases.Names), MemberType = typeof(ToolRequestCases))]
    public async Task BadToolInput_Is400NamingTheField(string name)
    {
        var (body, param, code) = ToolRequestCases.Rejections[name];
        var (status, json) = await ApiTestJson.PostAsync(server.Http, "/v1/chat/completions", body);
        Assert.True(status == 400, $"{name}: HTTP {status} {json.ToJsonString()}");
        ApiTestJson.AssertError(json, "invalid_request_error", param, code);
    }

    [Fact]
    public void ValidatedTools_ChoiceAndHistory_AreCarriedToTheGeneration()
    {
        var body = JsonSerializer.Deserialize(ToolRequestCases.Valid(maxTokens: 4), OpenAiJsonContext.Wire.ChatCompletionRequestBody)!;
        var generation = RequestMapper.ToChatGeneration(body, server.Model);

        var tool = Assert.Single(generation.Tools);
        Assert.Equal(("get_weather", "Weather of a city"), (tool.Name, tool.Description));
        Assert.Equal("object", tool.Parameters.GetProperty("type").GetString());
        Assert.Equal(ToolChoice.Function("get_weather"), generation.ToolChoice);
        Assert.False(generation.ParallelToolCalls);
        Assert.Equal(3, generation.Messages.Count);
        var call = Assert.Single(generation.Messages[1].ToolCalls!);
        Assert.Equal(("call_1", "get_weather", "{\"city\":\"Paris\"}"), (call.Id, call.Name, call.Arguments));
        Assert.Equal("", generation.Messages[1].Content);
        Assert.Equal(new PromptMessage("tool", "20 C") { ToolCallId = "call_1", Name = "get_weather" }, generation.Messages[2]);
    }

    [Theory]
    [InlineData("", "none")]
    [InlineData(",\"tools\":[" + ToolRequestCases.WeatherTool + "]", "auto")]
    [InlineData(",\"tools\":[" + ToolRequestCases.WeatherTool + "],\"tool_choice\":\"required\"", "required")]
    [InlineData(",\"tools\":[" + ToolRequestCases.WeatherTool + "],\"tool_choice\":\"none\"", "none")]
    [InlineData(",\"tool_choice\":\"auto\"", "none")]
    public void ToolChoice_DefaultsToAutoWithToolsAndNoneWithout(string fields, string expected)
    {
        var body = JsonSerializer.Deserialize("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + fields + "}",
            OpenAiJsonContext.Wire.ChatCompletionRequestBody)!;
        var generation = RequestMapper.ToChatGeneration(body);
        Assert.Equal(expected, generation.ToolChoice.Mode.ToString().ToLowerInvariant());
        Assert.True(generation.ParallelToolCalls);
    }

    [Fact]
    public void AbsentOrEmptyParameters_AreTheEmptyObjectSchema()
    {
        var body = JsonSerializer.Deserialize(
            """{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b","parameters":{}}}]}""",
            OpenAiJsonContext.Wire.ChatCompletionRequestBody)!;
        var tools = RequestMapper.ToChatGeneration(body).Tools;
        Assert.All(tools, t => Assert.Equal("""{"type":"object","properties":{}}""", JsonNode.Parse(t.Parameters.GetRawText())!.ToJsonString()));
    }
}
