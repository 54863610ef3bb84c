using System.Globalization;

namespace Workbench.Bench;

/// <summary>Command line of the benchmark (see bench/README.md).</summary>
internal sealed record BenchOptions
{
    /// <summary>The GGUF file measured now (absolute); one of <see cref="ModelPaths"/>.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Every GGUF file to measure, in order (<c>--model a.gguf,b.gguf</c>; absolute).</summary>
    public required string[] ModelPaths { get; init; }

    /// <summary>CPU threads for llama.cpp, the same for every part and for the peer.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>llama.cpp flash attention: auto (its default), enabled or disabled; the same for every part and the peer.</summary>
    public string FlashAttention { get; init; } = "auto";

    /// <summary>Context window per sequence (n_ctx); 512 fits the shared story models.</summary>
    public int ContextSize { get; init; } = 512;

    /// <summary>Tokens generated per run (greedy; the chosen prompt is one whose greedy reply is at least this long).</summary>
    public int Tokens { get; init; } = 256;

    /// <summary>Measured runs per part (after one warm-up run); the report gives medians.</summary>
    public int Repeats { get; init; } = 5;

    /// <summary>Concurrent stream counts for the aggregate-throughput section.</summary>
    public int[] Concurrency { get; init; } = [1, 4, 16];

    /// <summary>Markdown report path (absolute), or null to print only.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Path of the built Workbench.Web apphost, or null to build src/Web and find it.</summary>
    public string? WebAppPath { get; init; }

    /// <summary>Parts to skip: peer, worker, web, signalr, concurrency, peer-concurrency.</summary>
    public HashSet<string> Skip { get; init; } = [];

    /// <summary>The repository root (the folder holding Workbench.sln).</summary>
    public required string RepoRoot { get; init; }

    public const string Usage = """
        Usage: dotnet run --project bench/Workbench.Bench -c Release -- --model <gguf> [options]
          --model <path>[,...]  GGUF model(s), one report section each (default ../shared/models/TinyStories-656K-Q8_0.gguf)
          --threads <n>         llama.cpp threads (default 2)
          --ctx <n>             context window per sequence (default 512)
          --flash-attention <auto|enabled|disabled>  llama.cpp flash attention (default auto)
          --tokens <n>          tokens generated per run (default 256)
          --repeats <n>         measured runs per part, median reported (default 5)
          --concurrency <list>  concurrent streams for aggregate throughput (default 1,4,16)
          --web-app <path>      built Workbench.Web apphost (default: build src/Web -c Release)
          --skip <list>         parts to skip: peer,worker,web,signalr,concurrency,peer-concurrency
          --out <path>          write the Markdown report there (for example docs/PERFORMANCE.md)
        """;

    /// <summary>Parses <c>--name value</c> pairs; relative paths are taken from the current directory.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value or a bad number.</exception>
    public static BenchOptions Parse(string[] args)
    {
        string repoRoot = FindRepoRoot();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected '--option value', got '{args[i]}'.");
            values[args[i][2..]] = args[++i];
        }

        string Take(string name, string fallback) => values.Remove(name, out var v) ? v : fallback;
        int Int(string name, int fallback) => int.Parse(Take(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        string[] models = Take("model", Path.Combine(repoRoot, "..", "shared", "models", "TinyStories-656K-Q8_0.gguf"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).ToArray();
        var options = new BenchOptions
        {
            RepoRoot = repoRoot,
            ModelPaths = models,
            ModelPath = models.FirstOrDefault() ?? "",
            Threads = Int("threads", 2),
            ContextSize = Int("ctx", 512),
            FlashAttention = Take("flash-attention", "auto"),
            Tokens = Int("tokens", 256),
            Repeats = Int("repeats", 5),
            Concurrency = Take("concurrency", "1,4,16").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            OutputPath = values.ContainsKey("out") ? Path.GetFullPath(Take("out", "")) : null,
            WebAppPath = values.ContainsKey("web-app") ? Path.GetFullPath(Take("web-app", "")) : null,
            Skip = Take("skip", "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
        if (values.Count > 0) throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}.");
        if (models.Length == 0) throw new ArgumentException("--model needs a path.");
        if (models.FirstOrDefault(m => !File.Exists(m)) is { } missing) throw new ArgumentException($"Model not found: {missing}");
        if (options.FlashAttention is not ("auto" or "enabled" or "disabled")) throw new ArgumentException("--flash-attention is auto, enabled or disabled.");
        if (options.Threads < 1 || options.Tokens < 2 || options.Repeats < 1) throw new ArgumentException("--threads ≥ 1, --tokens ≥ 2, --repeats ≥ 1.");
        return options;
    }

    private static string FindRepoRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
            }
        }
        throw new ArgumentException("Run the benchmark inside the repository (no Workbench.sln found above the current directory).");
    }
}
