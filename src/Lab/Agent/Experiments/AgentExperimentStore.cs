using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Agent.Experiments;

/// <summary>
/// Experiment results as JSON files, <c>{Lab:DataDirectory}/agent-experiments/&lt;id&gt;.json</c> (camelCase, enums
/// as strings), written to a temporary file and renamed so a reader never sees half a file. A file that does not
/// parse is skipped with a log line, never fatal.
/// </summary>
public sealed class AgentExperimentStore
{
    /// <summary>The folder under the data directory.</summary>
    public const string FolderName = "agent-experiments";

    /// <summary>The JSON settings of the files.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly ILogger<AgentExperimentStore> _logger;

    /// <summary>Creates the store under <c>{DataDirectory}/agent-experiments</c>.</summary>
    public AgentExperimentStore(IOptions<LabOptions> options, ILogger<AgentExperimentStore> logger)
        : this(Path.Combine(Path.GetFullPath((options ?? throw new ArgumentNullException(nameof(options))).Value.DataDirectory), FolderName), logger)
    {
    }

    internal AgentExperimentStore(string directory, ILogger<AgentExperimentStore> logger)
    {
        Directory = directory;
        _logger = logger;
    }

    /// <summary>The folder of the files.</summary>
    public string Directory { get; }

    /// <summary>Whether <paramref name="id"/> is an experiment id: 32 lower-case hex digits.</summary>
    public static bool IsValidId(string? id) => id is { Length: 32 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Saves (or replaces) a result.</summary>
    /// <exception cref="ArgumentException">The id is not valid.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public void Save(AgentExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!IsValidId(result.Id)) throw new ArgumentException($"'{result.Id}' is not an experiment id.", nameof(result));
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(result.Id);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(result, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The result with this id, or null (unknown, invalid id, or a file that does not parse — logged).</summary>
    public AgentExperimentResult? Get(string id)
    {
        if (!IsValidId(id)) return null;
        var path = PathOf(id);
        return File.Exists(path) ? Read(path) : null;
    }

    /// <summary>Every stored result that parses, newest first.</summary>
    public IReadOnlyList<AgentExperimentResult> List()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Where(p => IsValidId(Path.GetFileNameWithoutExtension(p)))
            .Select(Read)
            .OfType<AgentExperimentResult>()
            .OrderByDescending(r => r.StartedAt)
            .ToList();
    }

    private string PathOf(string id) => Path.Combine(Directory, id + ".json");

    private AgentExperimentResult? Read(string path)
    {
        try
        {
            var result = JsonSerializer.Deserialize<AgentExperimentResult>(File.ReadAllText(path), Json);
            if (result?.Experiment is null || result.Arms is null || result.Runs is null || result.Id != Path.GetFileNameWithoutExtension(path))
                throw new JsonException("not an experiment result (or its id differs from the file name)");
            return result;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            _logger.LogWarning("Skipping agent experiment file {Path}: {Error}", path, e.Message);
            return null;
        }
    }
}
