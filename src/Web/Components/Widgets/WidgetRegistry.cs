using Workbench.Lab.Content;

namespace Workbench.Web.Components.Widgets;

/// <summary>The component that renders each widget name of <see cref="LabWidgets.Names"/>. Each component takes
/// one parameter, <c>Options</c> (<c>IReadOnlyDictionary&lt;string, string&gt;?</c>).</summary>
public static class WidgetRegistry
{
    /// <summary>Widget name → component type.</summary>
    public static IReadOnlyDictionary<string, Type> Components { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [LabWidgets.WireInspector] = typeof(WireInspector),
        [LabWidgets.ChatPlayground] = typeof(ChatPlayground),
        [LabWidgets.ContextGauge] = typeof(History.ContextGauge),
        [LabWidgets.HistoryStrategies] = typeof(History.HistoryStrategies),
        [LabWidgets.ForgettingDemo] = typeof(History.ForgettingDemo),
        [LabWidgets.StreamCompare] = typeof(Streaming.StreamCompare),
        [LabWidgets.SchemaModes] = typeof(Structured.SchemaModes),
        [LabWidgets.GrammarSteps] = typeof(Structured.GrammarSteps),
        [LabWidgets.ToolDefinitions] = typeof(Tools.ToolDefinitionsEditor),
        [LabWidgets.ToolFormatGallery] = typeof(Tools.ToolFormatGallery),
        [LabWidgets.ToolParserMatching] = typeof(Tools.ToolParserMatching),
        [LabWidgets.ToolLoopTrace] = typeof(Tools.ToolLoopTraceView),
        [LabWidgets.McpServers] = typeof(Mcp.McpServers),
        [LabWidgets.McpToolTry] = typeof(Mcp.McpToolTry),
        [LabWidgets.McpTraffic] = typeof(Mcp.McpTraffic),
        [LabWidgets.McpToolLoop] = typeof(Mcp.McpToolLoop),
        [LabWidgets.WeightView] = typeof(Quantization.WeightView),
        [LabWidgets.PrecisionPicture] = typeof(Quantization.PrecisionPictureView),
        [LabWidgets.Quantize] = typeof(Quantization.QuantizeWidget),
        [LabWidgets.VramCalculator] = typeof(Quantization.VramCalculator),
        [LabWidgets.QuantCompare] = typeof(Quantization.QuantCompare),
        [LabWidgets.AgentRun] = typeof(Agent.AgentRunWidget),
        [LabWidgets.AgentExperiment] = typeof(Agent.AgentExperimentWidget),
        [LabWidgets.TrainingRun] = typeof(Training.TrainingRunWidget),
    };
}
