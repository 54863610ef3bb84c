namespace Workbench.Lab.Training.Runs;

/// <summary>The knobs of one browser training run (lab 09), validated by <see cref="Validate"/> against the safe
/// bounds below before anything starts.</summary>
/// <param name="Preset">Model size: <c>tiny</c> (n_embd 64, 2 blocks) or <c>small</c> (<see cref="Presets"/>).</param>
/// <param name="LearningRate">AdamW's peak learning rate, <see cref="MinLearningRate"/>..<see cref="MaxLearningRate"/>.</param>
/// <param name="Steps">Optimizer steps: <see cref="MinSteps"/>..<see cref="MaxStepsTiny"/> for <c>tiny</c>,
/// ..<see cref="MaxStepsSmall"/> for <c>small</c>.</param>
/// <param name="Seed">The seed (corpus, initial weights, batches), 0..<see cref="int.MaxValue"/>.</param>
public sealed record TrainingRunRequest(string Preset = TrainingRunRequest.TinyPreset, double LearningRate = TrainingRunRequest.DefaultLearningRate,
    int Steps = TrainingRunRequest.DefaultSteps, int Seed = TrainingRunRequest.DefaultSeed)
{
    /// <summary>The tiny preset.</summary>
    public const string TinyPreset = "tiny";

    /// <summary>The small preset.</summary>
    public const string SmallPreset = "small";

    /// <summary>The lowest learning rate accepted.</summary>
    public const double MinLearningRate = 1e-4;

    /// <summary>The highest learning rate accepted (higher diverges on these models).</summary>
    public const double MaxLearningRate = 3e-3;

    /// <summary>The default learning rate.</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary>The fewest steps accepted.</summary>
    public const int MinSteps = 50;

    /// <summary>The most steps accepted for <c>tiny</c> (about 2 minutes on 2 cores).</summary>
    public const int MaxStepsTiny = 2000;

    /// <summary>The most steps accepted for <c>small</c> (a bigger model: each step costs more).</summary>
    public const int MaxStepsSmall = 500;

    /// <summary>The default steps.</summary>
    public const int DefaultSteps = 300;

    /// <summary>The default seed.</summary>
    public const int DefaultSeed = 42;

    /// <summary>The presets a browser run may use.</summary>
    public static IReadOnlyList<string> Presets { get; } = [TinyPreset, SmallPreset];

    /// <summary>The most steps <paramref name="preset"/> accepts.</summary>
    /// <param name="preset">A preset of <see cref="Presets"/>.</param>
    public static int MaxStepsFor(string preset) => preset == SmallPreset ? MaxStepsSmall : MaxStepsTiny;

    /// <summary>Checks the knobs against the bounds.</summary>
    /// <exception cref="TrainingRunRequestException">A knob is out of bounds (its <see cref="TrainingRunRequestException.Field"/>
    /// is the wire name: <c>preset</c>, <c>learning_rate</c>, <c>steps</c> or <c>seed</c>).</exception>
    public void Validate()
    {
        if (!Presets.Contains(Preset, StringComparer.Ordinal))
            throw new TrainingRunRequestException("preset", $"\"preset\" must be one of {string.Join(", ", Presets)}.");
        if (!double.IsFinite(LearningRate) || LearningRate < MinLearningRate || LearningRate > MaxLearningRate)
            throw new TrainingRunRequestException("learning_rate", $"\"learning_rate\" must be within {MinLearningRate:0.####}..{MaxLearningRate:0.####}.");
        var max = MaxStepsFor(Preset);
        if (Steps < MinSteps || Steps > max)
            throw new TrainingRunRequestException("steps", $"\"steps\" must be within {MinSteps}..{max} for the {Preset} preset.");
        if (Seed < 0) throw new TrainingRunRequestException("seed", "\"seed\" must be 0 or more.");
    }
}
