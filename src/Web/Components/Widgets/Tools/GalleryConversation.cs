using System.Text.Json;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Tools;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>The one conversation the format gallery renders with every template: the user asks for Oslo's weather,
/// the assistant calls <c>get_weather</c>, the tool answers, the assistant answers in text; the tool offered is
/// <c>get_weather</c> (<see cref="WeatherTool"/>'s schema).</summary>
public static class GalleryConversation
{
    /// <summary>The call's id: nine alphanumerics, since Mistral's templates raise on any other id.</summary>
    public const string CallId = "a1B2c3D4e";

    /// <summary>The time <c>strftime_now</c> formats, fixed so a rendering is reproducible.</summary>
    public static DateTimeOffset Now { get; } = new(2025, 1, 15, 9, 30, 0, TimeSpan.Zero);

    /// <summary>The four messages.</summary>
    public static IReadOnlyList<PromptMessage> Messages { get; } =
    [
        new("user", "What's the weather in Oslo?"),
        new("assistant", "") { ToolCalls = [new ToolCall(CallId, WeatherTool.ToolName, "{\"city\": \"Oslo\"}")] },
        new("tool", "{\"temperature\": 4, \"condition\": \"snow\"}") { ToolCallId = CallId, Name = WeatherTool.ToolName },
        new("assistant", "It is 4 °C and snowing in Oslo."),
    ];

    /// <summary>The tools offered: <c>get_weather</c>.</summary>
    public static IReadOnlyList<ToolDefinition> Tools { get; } =
    [
        new(WeatherTool.ToolName, "Get the current weather in a city (simulated data, not a real forecast).",
            JsonDocument.Parse(WeatherTool.Schema).RootElement.Clone()),
    ];

    /// <summary>The render request of the conversation with <paramref name="templateSource"/>.</summary>
    /// <param name="templateSource">A Jinja chat template.</param>
    public static ChatRenderRequest Request(string templateSource) => new()
    {
        Messages = Messages,
        Tools = Tools,
        AddGenerationPrompt = false,
        TemplateSource = templateSource,
        Now = Now,
    };
}
