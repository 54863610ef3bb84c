using System.Text.Json;
using Microsoft.Extensions.Logging;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Models;
using Workbench.Engine.Native;

namespace Workbench.Engine.Quantization;

/// <summary>
/// The <c>quantize</c> model-tool operation (<see cref="QuantizeRequest"/> → <see cref="QuantizeResult"/>): llama.cpp's
/// <c>llama_model_quantize</c> with <c>llama_model_quantize_default_params()</c> changed only in <c>ftype</c>,
/// <c>nthread</c> (<see cref="EngineOptions.Threads"/>; 0 = llama.cpp's default) and, when asked,
/// <c>allow_requantize</c> — so the output is byte for byte what <c>llama-quantize SOURCE OUT TYPE</c> of the same
/// release writes (the thread count does not change the bytes). Progress and each tensor's final type come from
/// llama.cpp's log (<see cref="QuantizeLogReader"/>).
/// </summary>
/// <remarks>
/// Checks before llama.cpp runs: the type is one of <see cref="QuantizationType.All"/>; the source resolves through
/// <see cref="ModelCatalog.ResolveLoadable"/> and starts with the GGUF magic; the output lies directly in
/// <see cref="ModelCatalog.OutputDirectory"/> and ends in <c>.gguf</c>. llama.cpp writes <c>OUTPUT.partial</c>,
/// renamed to the output on success; on any failure the partial file is deleted (the parent deletes it too when
/// it kills the process). An already quantized source fails in llama.cpp ("requantizing from type … is
/// disabled") unless <see cref="QuantizeRequest.AllowRequantize"/>; this is reported as a clear message.
/// </remarks>
public sealed class QuantizeOperation : IModelToolOperation
{
    /// <summary>The suffix of the file being written.</summary>
    public const string PartialSuffix = ".partial";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly HashSet<string> FloatTypes = new(StringComparer.OrdinalIgnoreCase) { "f32", "f16", "bf16", "f64" };

    /// <inheritdoc />
    public string Name => "quantize";

    /// <summary>The output file name for a source and type: <c>&lt;source name without .gguf&gt;-&lt;TYPE&gt;.gguf</c>,
    /// e.g. <c>stories260K-Q4_K_M.gguf</c>.</summary>
    /// <param name="sourcePath">The source file's path or name.</param>
    /// <param name="type">The quantization type.</param>
    public static string OutputFileName(string sourcePath, QuantizationType type)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(type);
        return $"{Path.GetFileNameWithoutExtension(sourcePath)}-{type.Name}{ModelCatalog.GgufExtension}";
    }

    /// <summary>Whether <paramref name="path"/> starts with the GGUF magic bytes <c>GGUF</c> (gguf.h: <c>GGUF_MAGIC</c>).</summary>
    /// <param name="path">A readable file.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static bool HasGgufMagic(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("GGUF"u8);
    }

    /// <inheritdoc />
    public async Task<JsonElement> RunAsync(JsonElement request, ModelToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        QuantizeRequest body = request.ValueKind == JsonValueKind.Object
            ? request.Deserialize<QuantizeRequest>(Json) ?? throw new ModelToolException("The quantize request is empty.")
            : throw new ModelToolException("The quantize request must be a JSON object {source, type}.");
        QuantizeResult result = await Task.Run(() => Quantize(body, context, cancellationToken), cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(result, Json);
    }

    private static QuantizeResult Quantize(QuantizeRequest request, ModelToolContext context, CancellationToken cancellationToken)
    {
        QuantizationType type = QuantizationType.Find(request.Type)
            ?? throw new ModelToolException($"Unknown quantization type '{request.Type}'. Use one of: {QuantizationType.Names}.");
        var catalog = new ModelCatalog(context.Options, Directory.GetCurrentDirectory());
        string source = catalog.ResolveLoadable(request.Source) ?? throw new ModelToolException(ModelCatalog.NotLoadableMessage);
        if (!HasGgufMagic(source))
            throw new ModelToolException($"'{Path.GetFileName(source)}' is not a GGUF file (it does not start with the bytes 'GGUF').");
        string folder = catalog.OutputDirectory
            ?? throw new ModelToolException("No output folder is configured (Engine:OutputModelDirectory is empty).");
        string output = Path.GetFullPath(request.Output ?? Path.Combine(folder, OutputFileName(source, type)));
        if (!string.Equals(Path.GetDirectoryName(output), Path.TrimEndingDirectorySeparator(folder), StringComparison.Ordinal)
            || !output.EndsWith(ModelCatalog.GgufExtension, StringComparison.Ordinal))
            throw new ModelToolException($"The output must be a .gguf file directly in the output folder '{folder}'.");
        if (string.Equals(output, source, StringComparison.Ordinal))
            throw new ModelToolException("The output would overwrite the source.");
        Directory.CreateDirectory(folder);
        string partial = output + PartialSuffix;

        var log = new QuantizeLogReader();
        var errors = new List<string>();
        void OnLog(LogLevel level, string line)
        {
            if (level >= LogLevel.Error) lock (errors) errors.Add(line.Trim());
            lock (log)
            {
                if (log.Read(line) && log.Position.Count > 0)
                    context.ReportProgress((log.Position.Index - 1) / (double)log.Position.Count, log.CurrentTensor);
            }
        }

        context.ReportProgress(0, $"quantizing {Path.GetFileName(source)} to {type.Name}");
        LlamaBackend.LogMessage += OnLog;
        uint status;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            status = Run(source, partial, type, context.Options.Threads, request.AllowRequantize);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
        finally
        {
            LlamaBackend.LogMessage -= OnLog;
        }
        if (status != 0)
        {
            TryDelete(partial);
            throw new ModelToolException(Explain(errors, source));
        }
        try
        {
            File.Move(partial, output, overwrite: true);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
        context.ReportProgress(1, "done");

        var warnings = new List<string>();
        var quantizedSources = log.Tensors.Select(t => t.SourceType).Where(t => !FloatTypes.Contains(t)).Distinct(StringComparer.Ordinal).ToArray();
        if (quantizedSources.Length > 0)
            warnings.Add($"Requantized an already quantized source ({string.Join(", ", quantizedSources)}): the errors of both quantizations add up. Quantize from the F32/F16 original where you can.");
        int fallbacks = log.Tensors.Count(t => t.Fallback);
        if (fallbacks > 0)
            warnings.Add($"{fallbacks} of {log.Tensors.Count} tensors could not take the type's block size and fell back to another type (marked in the table).");
        return new QuantizeResult
        {
            Path = output,
            Name = Path.GetFileName(output),
            Bytes = new FileInfo(output).Length,
            SourcePath = source,
            SourceBytes = new FileInfo(source).Length,
            Type = type.Name,
            Tensors = log.Tensors,
            ModelSizeMiB = log.ModelSize?.MiB ?? 0,
            ModelBitsPerWeight = log.ModelSize?.Bpw ?? 0,
            QuantSizeMiB = log.QuantSize?.MiB ?? 0,
            QuantBitsPerWeight = log.QuantSize?.Bpw ?? 0,
            Warnings = warnings,
        };
    }

    private static uint Run(string source, string output, QuantizationType type, int threads, bool allowRequantize) =>
        LlamaQuantizer.Quantize(source, output, type.Ftype, threads, allowRequantize);

    private static string Explain(List<string> errors, string source)
    {
        string? reason = errors.LastOrDefault(e => e.Contains("failed to quantize", StringComparison.Ordinal)) ?? errors.LastOrDefault();
        if (reason is not null && reason.Contains("requantizing from type", StringComparison.Ordinal))
        {
            return $"'{Path.GetFileName(source)}' is already quantized ({reason[(reason.IndexOf("requantizing", StringComparison.Ordinal))..]}). "
                + "Requantizing adds a second rounding error on top of the first: quantize from the F32/F16 original, or set allowRequantize to do it anyway.";
        }
        if (reason is not null && reason.Contains("iostream", StringComparison.Ordinal))
            return $"Writing the output failed (is the disk full?): {reason}";
        return reason is null ? "llama.cpp could not quantize the model." : $"llama.cpp could not quantize the model: {reason}";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the parent deletes the partial file too.
        }
    }
}
