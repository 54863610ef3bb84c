using System.Text.Json.Nodes;

namespace Workbench.Lab.Training.Runs;

/// <summary>The wire shape of a <see cref="TrainingRunRecord"/> (snake_case, as <c>GET /api/training/runs/{id}</c> and
/// the hub send it): <c>{id, owner, status (queued|running|done|stopped|failed), queue_position (0 unless queued),
/// preset, learning_rate, steps, seed, phase, points: [{step, steps, loss, learning_rate, tokens_per_second,
/// elapsed_ms}], samples: [{step, prompt, text}], model_file (file name, once done), parameters, bytes, final_loss,
/// error, queued_at, started_at, ended_at}</c>. The model's full host path is not sent.</summary>
public static class TrainingRunJson
{
    /// <summary>The record as JSON.</summary>
    /// <param name="record">The run.</param>
    /// <param name="queuePosition"><see cref="TrainingRunService.QueuePosition"/> of the run.</param>
    public static JsonObject ToJson(TrainingRunRecord record, int queuePosition)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new JsonObject
        {
            ["id"] = record.Id,
            ["owner"] = record.OwnerId,
            ["status"] = record.Status.ToString().ToLowerInvariant(),
            ["queue_position"] = queuePosition,
            ["preset"] = record.Request.Preset,
            ["learning_rate"] = record.Request.LearningRate,
            ["steps"] = record.Request.Steps,
            ["seed"] = record.Request.Seed,
            ["phase"] = record.Phase,
            ["points"] = new JsonArray([.. record.Points.Select(p => (JsonNode)new JsonObject
            {
                ["step"] = p.Step, ["steps"] = p.Steps, ["loss"] = p.Loss, ["learning_rate"] = p.LearningRate,
                ["tokens_per_second"] = p.TokensPerSecond, ["elapsed_ms"] = p.ElapsedMs,
            })]),
            ["samples"] = new JsonArray([.. record.Samples.Select(s => (JsonNode)new JsonObject
            {
                ["step"] = s.Step, ["prompt"] = s.Prompt, ["text"] = s.Text,
            })]),
            ["model_file"] = record.ModelPath is null ? null : Path.GetFileName(record.ModelPath),
            ["parameters"] = record.Parameters,
            ["bytes"] = record.SizeInBytes,
            ["final_loss"] = record.FinalLoss,
            ["error"] = record.Error,
            ["queued_at"] = record.QueuedAt,
            ["started_at"] = record.StartedAt,
            ["ended_at"] = record.EndedAt,
        };
    }
}
