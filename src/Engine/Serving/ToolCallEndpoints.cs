using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Serving.Wire;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Serving;

/// <summary>Handler of <c>POST /tool-calls/parse</c> (the parser-matching widget's call; needs no model).</summary>
internal static class ToolCallEndpoints
{
    /// <summary><c>{format, text, tools?}</c> → <c>{tool_calls, content, diagnostics}</c>: <see cref="ToolCallParser.Parse"/>
    /// of the text in that format. 400 <c>invalid_value</c> naming the field for an unknown format (the names are
    /// vLLM's <c>--tool-call-parser</c> values of <see cref="ToolCallFormats.All"/>), a missing text, or a tool
    /// without a function name.</summary>
    public static async Task ParseAsync(HttpContext http, [FromServices] ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(OpenAiApi));
        try
        {
            var body = await ApiIo.ReadBodyAsync(http, OpenAiJsonContext.Wire.ToolCallParseRequestBody);
            var format = ToolCallFormats.All.FirstOrDefault(f => f.VllmToolCallParser == body.Format)
                ?? throw new ApiRequestException(
                    $"'format' must be one of {string.Join(", ", ToolCallFormats.All.Select(f => f.VllmToolCallParser))}.", "format", "invalid_value");
            if (body.Text is null) throw new ApiRequestException("'text' must be a string.", "text", "invalid_value");
            var tools = body.Tools?.Select(ToTool).ToList();
            var result = ToolCallParser.Parse(format.Format, body.Text, tools);
            var answer = new ToolCallParseResponseBody
            {
                ToolCalls = [.. result.ToolCalls.Select(c => ToolCallDeltas.ToWire(c))],
                Content = result.Content,
                Diagnostics = [.. result.Diagnostics.Select(d => new ToolCallDiagnosticBody { Offset = d.Offset, Message = d.Message, Rescued = d.Rescued })],
            };
            await TypedResults.Json(answer, OpenAiJsonContext.Wire.ToolCallParseResponseBody).ExecuteAsync(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            log.LogDebug("Client disconnected.");
        }
        catch (Exception e)
        {
            await ApiIo.WriteErrorAsync(http, e, null, log);
        }
    }

    private static ToolDefinition ToTool(ToolBody? tool, int index) =>
        tool?.Function?.Name is { Length: > 0 } name
            ? new ToolDefinition(name, tool.Function.Description, tool.Function.Parameters ?? default(JsonElement))
            : throw new ApiRequestException($"'tools[{index}].function.name' must be a string.", $"tools[{index}].function.name", "invalid_value");
}
