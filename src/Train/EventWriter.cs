using System.Text.Json;
using Workbench.Lab.Training;
using Workbench.Lab.Training.Evaluation;

namespace Workbench.Train;

/// <summary>Writes a run's events: one JSON object per line with <c>--json</c> (the protocol lab 09's
/// <c>TrainingRunService</c> reads), else a progress bar with loss and tokens/s, and the samples as they come.</summary>
internal sealed class EventWriter(bool jsonLines, JsonSerializerOptions json)
{
    private readonly Lock _gate = new();
    private bool _barShown;

    public void Write(TrainingEvent e)
    {
        lock (_gate)
        {
            if (jsonLines)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(e, e.GetType(), json));
                Console.Out.Flush();
                return;
            }
            switch (e)
            {
                case TrainingStepEvent step:
                    int width = 30, filled = (int)Math.Round(width * (double)step.Step / Math.Max(1, step.Steps));
                    double eta = step.TokensPerSecond > 0 && step.Step > 0 ? step.ElapsedMs / 1000.0 / step.Step * (step.Steps - step.Step) : 0;
                    Console.Out.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {step.Step,6}/{step.Steps} loss {step.Loss,7:F4}  lr {step.LearningRate:0.00e0}  {step.TokensPerSecond,7:N0} tok/s  {TimeSpan.FromMilliseconds(step.ElapsedMs):mm\\:ss} elapsed, {TimeSpan.FromSeconds(eta):mm\\:ss} left ");
                    _barShown = true;
                    break;
                case TrainingSampleEvent sample:
                    EndBar();
                    Console.Out.WriteLine($"  step {sample.Step} · {sample.Prompt} → {sample.Text.Replace("\n", "\\n")}");
                    break;
                case TrainingPhaseEvent phase:
                    EndBar();
                    Console.Out.WriteLine($"[{phase.Phase}] {phase.Message}");
                    break;
                case TrainingDoneEvent done:
                    EndBar();
                    Console.Out.WriteLine($"Wrote {done.ModelPath}: {done.Parameters:N0} parameters, {done.Bytes:N0} bytes, {done.Steps:N0} steps, final loss {done.FinalLoss:F4}, {TimeSpan.FromMilliseconds(done.ElapsedMs):hh\\:mm\\:ss}.");
                    break;
            }
        }
    }

    public void WriteEval(ToolCallEvalReport report)
    {
        lock (_gate)
        {
            if (jsonLines)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    type = "eval",
                    report = new
                    {
                        model = report.Model,
                        cases = report.Rows.Count,
                        valid = report.Valid,
                        right_tool = report.RightTool,
                        right_arguments = report.RightArguments,
                        no_call_accuracy = report.NoCallAccuracy,
                    },
                }, json));
                return;
            }
            EndBar();
            Console.Out.WriteLine(report.ToMarkdownTable());
        }
    }

    public void WriteGeneration(string text)
    {
        lock (_gate)
        {
            if (jsonLines) Console.Out.WriteLine(JsonSerializer.Serialize(new { type = "generation", text }, json));
            else Console.Out.WriteLine(text);
        }
    }

    public void Error(string message)
    {
        lock (_gate)
        {
            EndBar();
            if (jsonLines) Console.Out.WriteLine(JsonSerializer.Serialize(new { type = "error", message }, json));
            else Console.Error.WriteLine(message);
        }
    }

    public void Finish()
    {
        lock (_gate) EndBar();
    }

    private void EndBar()
    {
        if (!_barShown || jsonLines) return;
        Console.Out.WriteLine();
        _barShown = false;
    }
}
