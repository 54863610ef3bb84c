using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Workbench.Lab.Training.Corpus;

/// <summary>Runs a built-in tool synchronously on JSON arguments (the tools used here complete synchronously).</summary>
internal readonly struct AIFunctionRunner(AIFunction tool)
{
    /// <summary>The tool's result text.</summary>
    /// <exception cref="Workbench.Lab.Tools.ToolException">The tool refuses the arguments.</exception>
    public string Run(JsonObject arguments)
    {
        var values = new AIFunctionArguments();
        foreach (var (name, value) in arguments) values[name] = JsonSerializer.SerializeToElement(value);
        return tool.InvokeAsync(values).AsTask().GetAwaiter().GetResult() as string
            ?? throw new InvalidOperationException($"The tool '{tool.Name}' returned no text.");
    }
}
