using System.Globalization;
using Workbench.Lab.Training;

namespace Workbench.Train;

/// <summary>What <c>Workbench.Train</c> was asked to do (the usage text is <see cref="Usage"/>).</summary>
internal sealed record TrainArguments
{
    public const string Usage = """
        Workbench.Train — trains the lab's own tool-calling model in C# and writes a GGUF llama.cpp serves.

        Train:     Workbench.Train [--preset tiny|small|default] [--steps N] [--minutes M] [--lr X] [--batch N]
                                   [--seed S] [--out path.gguf] [--conversations N] [--extra-corpus file.jsonl]
                                   [--init base.gguf] [--sample-every N] [--turns N] [--eval N] [--threads N] [--json]
        Evaluate:  Workbench.Train --evaluate model.gguf [--eval N] [--seed S] [--threads N] [--json] [--report file.md]
        Generate:  Workbench.Train --generate model.gguf --prompt TEXT [--tools a,b] [--max-tokens N] [--json]

        --json prints one JSON object per line (phase, step, sample, eval, done, error) instead of a progress bar.
        Bounds: --lr 1e-05..0.01, --steps 1..100000, --minutes up to 60. Exit codes: 0 done, 1 failed, 2 bad arguments.
        """;

    public string Mode { get; init; } = "train";
    public ToolModelPreset Preset { get; init; } = ToolModelPreset.Default;
    public int? Steps { get; init; }
    public double? Minutes { get; init; }
    public float? LearningRate { get; init; }
    public int? BatchSize { get; init; }
    public int Seed { get; init; } = 1;
    public string Output { get; init; } = "models/workbench-tools.gguf";
    public int? Conversations { get; init; }
    public string? ExtraCorpus { get; init; }
    public string? InitModel { get; init; }
    public int? SampleEvery { get; init; }
    public int Eval { get; init; }
    public int Threads { get; init; }
    public int? Turns { get; init; }
    public bool Json { get; init; }
    public string? Model { get; init; }
    public string? Prompt { get; init; }
    public string[] Tools { get; init; } = [];
    public int MaxTokens { get; init; } = 64;
    public string? Report { get; init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static TrainArguments Parse(string[] args)
    {
        var result = new TrainArguments();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : throw new ArgumentException($"{name} needs a whole number.");
            double Double() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw new ArgumentException($"{name} needs a number.");
            result = name switch
            {
                "--preset" => result with { Preset = Value().ToLowerInvariant() switch
                {
                    "tiny" => ToolModelPreset.Tiny,
                    "small" => ToolModelPreset.Small,
                    "default" => ToolModelPreset.Default,
                    var other => throw new ArgumentException($"--preset must be tiny, small or default, not '{other}'."),
                } },
                "--steps" => result with { Steps = Int() },
                "--minutes" => result with { Minutes = Double() },
                "--lr" => result with { LearningRate = (float)Double() },
                "--batch" => result with { BatchSize = Int() },
                "--seed" => result with { Seed = Int() },
                "--out" => result with { Output = Value() },
                "--conversations" => result with { Conversations = Int() },
                "--extra-corpus" => result with { ExtraCorpus = Value() },
                "--init" => result with { InitModel = Value() },
                "--sample-every" => result with { SampleEvery = Int() },
                "--eval" => result with { Eval = Int() },
                "--threads" => result with { Threads = Int() },
                "--turns" => result with { Turns = Int() },
                "--json" => result with { Json = true },
                "--evaluate" => result with { Mode = "evaluate", Model = Value() },
                "--generate" => result with { Mode = "generate", Model = Value() },
                "--prompt" => result with { Prompt = Value() },
                "--tools" => result with { Tools = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--max-tokens" => result with { MaxTokens = Int() },
                "--report" => result with { Report = Value() },
                "--help" or "-h" => result with { Mode = "help" },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        if (result.Turns is < 1 or > 8) throw new ArgumentException("--turns must be between 1 and 8.");
        if (result.Eval is < 0 or > 5_000) throw new ArgumentException("--eval must be between 0 and 5000.");
        if (result.Threads is < 0 or > 256) throw new ArgumentException("--threads must be between 0 and 256.");
        if (result.MaxTokens is < 1 or > 512) throw new ArgumentException("--max-tokens must be between 1 and 512.");
        if (result.Mode == "generate" && string.IsNullOrEmpty(result.Prompt)) throw new ArgumentException("--generate needs --prompt.");
        return result;
    }
}
