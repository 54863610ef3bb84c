namespace Workbench.Lab.Content;

/// <summary>
/// One exercise, loaded from <c>exercises/&lt;id&gt;/exercise.yaml</c>. The hidden parts
/// (<see cref="ChecksFilePath"/>, <see cref="SolutionDirectoryPath"/>, quiz answers, property check prompts)
/// are for the grader and instructors only; the web app never sends them to a student's browser.
/// </summary>
public sealed record ExerciseDefinition
{
    /// <summary>yaml <c>id</c>; equals the folder name; unique within the lab.</summary>
    public required string Id { get; init; }

    /// <summary>yaml <c>title</c>.</summary>
    public required string Title { get; init; }

    /// <summary>yaml <c>kind</c>: <c>code</c>, <c>property</c>, <c>quiz</c> or <c>training</c>.</summary>
    public required ExerciseKind Kind { get; init; }

    /// <summary>yaml <c>instructions</c> (Markdown) rendered to HTML.</summary>
    public required string InstructionsHtml { get; init; }

    /// <summary>Absolute path of the exercise folder.</summary>
    public required string DirectoryPath { get; init; }

    /// <summary>yaml <c>starter</c>: the files the student edits, relative names (for example <c>Solution.cs</c>)
    /// with their starter content read from <c>starter/</c>. Empty for quizzes.</summary>
    public IReadOnlyList<StarterFile> StarterFiles { get; init; } = [];

    /// <summary>yaml <c>checks</c>: what is graded, with titles students may see. For code exercises each id
    /// names a <c>[Check("id")]</c> method in <see cref="ChecksFilePath"/>; for property exercises each carries
    /// its <see cref="CheckDefinition.Property"/> spec. Empty for quizzes (each question is graded).</summary>
    public IReadOnlyList<CheckDefinition> Checks { get; init; } = [];

    /// <summary>Code exercises: absolute path of the hidden C# checks (yaml <c>checks_file</c>, default
    /// <c>checks/Checks.cs</c>). Never served.</summary>
    public string? ChecksFilePath { get; init; }

    /// <summary>Code exercises: absolute paths of the harness files (<c>harness: [Harness.cs]</c>, in the
    /// exercise's <c>harness/</c> folder): visible, non-secret code compiled with the student's files into the
    /// sandbox assembly, whose <c>[HarnessOperation("name")]</c> methods the hidden checks call. Empty otherwise.</summary>
    public IReadOnlyList<string> HarnessFilePaths { get; init; } = [];

    /// <summary>Code exercises: what the sandbox serves to the hidden checks (yaml <c>host</c>, default
    /// <c>harness</c>): harness operations, or the submission as an MCP server over stdio (<c>mcp-server</c>).</summary>
    public ExerciseHost Host { get; init; } = ExerciseHost.Harness;

    /// <summary>Absolute path of <c>solution/</c>: the reference files (same names as the starter files) or, for
    /// quizzes, none (the answers are in the yaml). Used by tests and shown to instructors; never served to students.</summary>
    public string? SolutionDirectoryPath { get; init; }

    /// <summary>Code exercises: the sandbox limits (yaml <c>limits</c>: <c>wall_seconds</c>, <c>cpu_seconds</c>, <c>memory_mb</c>).</summary>
    public SandboxLimits Limits { get; init; } = SandboxLimits.Default;

    /// <summary>Property exercises: what the student's file is (yaml <c>target</c>).</summary>
    public PropertyTarget? Target { get; init; }

    /// <summary>Training exercises: the grading setup (yaml <c>training</c>).</summary>
    public TrainingSpec? Training { get; init; }

    /// <summary>Quizzes: the questions (yaml <c>questions</c>).</summary>
    public IReadOnlyList<QuizQuestion> Questions { get; init; } = [];

    /// <summary>The most points a submission can score: the sum over checks, or over questions for a quiz.</summary>
    public int MaxScore => Kind == ExerciseKind.Quiz ? Questions.Sum(q => q.Points) : Checks.Sum(c => c.Points);

    /// <summary>
    /// Reads the reference solution for instructors: every file directly in <see cref="SolutionDirectoryPath"/>
    /// (its name and its whole text), in ordinal order of file name. Empty when the exercise has no
    /// <c>solution/</c> folder (quizzes: the answers are in the yaml). Reads the disk on every call.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The solution's files, sorted by name (ordinal).</returns>
    public async Task<IReadOnlyList<StarterFile>> ReadSolutionFilesAsync(CancellationToken cancellationToken)
    {
        var files = new List<StarterFile>();
        if (SolutionDirectoryPath is not { } directory || !Directory.Exists(directory)) return files;
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            files.Add(new StarterFile(Path.GetFileName(path), await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)));
        }
        return files;
    }
}

/// <summary>How an exercise is answered and graded.</summary>
public enum ExerciseKind
{
    /// <summary>C# edited in Monaco, compiled with Roslyn against the lab SDK, graded by hidden checks in the sandbox.</summary>
    Code,

    /// <summary>A data file (GBNF grammar, system prompt, sampling configuration, JSON Schema) graded by running the real
    /// model with fixed seeds and checking properties of the outputs.</summary>
    Property,

    /// <summary>Single-choice, multiple-choice and numeric questions.</summary>
    Quiz,

    /// <summary>C# that generates training conversations (run in the sandbox like code), validated, then used to
    /// fine-tune the committed model briefly, which is asked hidden prompts (<see cref="TrainingSpec"/>).</summary>
    Training,
}

/// <summary>What a code exercise's sandbox serves to its hidden checks (yaml <c>host</c>).</summary>
public enum ExerciseHost
{
    /// <summary>yaml <c>harness</c>: the exercise's visible harness operations, called by
    /// <c>CheckContext.CallAsync</c> over the sandbox's private channel.</summary>
    Harness,

    /// <summary>yaml <c>mcp-server</c>: the student's files (and an optional visible harness) are an MCP server — the
    /// tools, resources and prompts declared with the MCP SDK's attributes — served over stdio (the sandbox's standard
    /// input and output); the checks use <c>CheckContext.Mcp</c>, an initialized MCP client.</summary>
    McpServer,
}

/// <summary>What the student's single file is in a property exercise.</summary>
public enum PropertyTarget
{
    /// <summary>A GBNF grammar (llama.cpp's format) constraining the completion. yaml <c>grammar</c>.</summary>
    Grammar,

    /// <summary>A system prompt placed before each check's user prompt. yaml <c>system-prompt</c>.</summary>
    SystemPrompt,

    /// <summary>A JSON object of sampling parameters in OpenAI/llama-server names (<c>temperature</c>,
    /// <c>top_k</c>, <c>top_p</c>, <c>min_p</c>, <c>repeat_penalty</c>, <c>max_tokens</c>). yaml <c>sampling</c>.</summary>
    Sampling,

    /// <summary>A JSON Schema (the supported subset of <c>Workbench.Engine.Grammar.JsonSchema.JsonSchemaGrammar</c>):
    /// the grader converts it to a GBNF grammar, generates under it, and requires every output to validate against
    /// it (besides the check's expectations). yaml <c>json-schema</c>.</summary>
    JsonSchema,

    /// <summary>A tool definition in OpenAI's <c>tools[]</c> shape (<c>{"type": "function", "function": {name,
    /// description, parameters}}</c>): the grader forces a call of it (<c>tool_choice</c> naming it) once per seed and
    /// requires every call's arguments to validate against its <c>parameters</c> (besides the check's expectations,
    /// which judge the arguments object). yaml <c>tool-schema</c>.</summary>
    ToolSchema,
}

/// <summary>A file the student edits, with its starter content.</summary>
/// <param name="Name">The file name as shown in the editor tab and used in diagnostics, for example <c>Solution.cs</c>.</param>
/// <param name="Content">The starter text.</param>
public sealed record StarterFile(string Name, string Content);

/// <summary>A graded check. Titles are visible to students; how the check works is not.</summary>
/// <param name="Id">Unique within the exercise.</param>
/// <param name="Title">What it checks, in a sentence.</param>
/// <param name="Points">Points when it passes (≥ 0).</param>
/// <param name="Trials">How many runs (the model is nondeterministic): code checks run the method this many
/// times, property checks use this many seeds. ≥ 1.</param>
/// <param name="PassThreshold">The fraction of trials that must pass, in (0, 1].</param>
/// <param name="Property">Property exercises: how the model is run and what its output must satisfy.</param>
public sealed record CheckDefinition(string Id, string Title, int Points, int Trials = 1, double PassThreshold = 1.0, PropertyCheck? Property = null);

/// <summary>
/// One property check: run the real model on <see cref="UserPrompt"/> once per seed (chat template applied,
/// the student's file used as its <see cref="PropertyTarget"/>), then require every stated expectation.
/// </summary>
/// <param name="UserPrompt">The user message.</param>
/// <param name="SystemPrompt">A fixed system message (ignored when the target is the system prompt).</param>
/// <param name="MaxTokens">max_tokens for each run.</param>
/// <param name="Seeds">One seed per trial (yaml <c>seeds</c>; default 1..Trials).</param>
/// <param name="Temperature">Sampling temperature (default 0.8, as llama-server).</param>
/// <param name="Regex">The whole completion (trimmed) must match this .NET regular expression.</param>
/// <param name="Contains">The completion must contain this text (case-insensitive): a fact recalled.</param>
/// <param name="NotContains">The completion must not contain this text (case-insensitive).</param>
/// <param name="MaxCompletionTokens">The completion must use at most this many tokens.</param>
/// <param name="FinishReason">The completion must end with this finish_reason (<c>stop</c> or <c>length</c>).</param>
/// <param name="SameAcrossSeeds">Every seed must produce the same completion as the first seed (yaml
/// <c>same_across_seeds: true</c>): the sampling is deterministic, for example greedy (temperature 0).</param>
/// <param name="ValidAgainst">The completion must be JSON valid against this hidden JSON Schema: its JSON text, read
/// at load from the file named by yaml <c>valid_against</c> (a path inside the exercise folder, for example
/// <c>checks/book.schema.json</c>).</param>
/// <param name="RequiredFields">The completion must be a JSON object with these members, each of its JSON type
/// (yaml <c>required_fields</c>: a list of names, or a mapping of name to <c>string</c> | <c>number</c> |
/// <c>integer</c> | <c>boolean</c> | <c>array</c> | <c>object</c> | <c>null</c>).</param>
public sealed record PropertyCheck(
    string UserPrompt,
    string? SystemPrompt,
    int MaxTokens,
    IReadOnlyList<int> Seeds,
    float Temperature = 0.8f,
    string? Regex = null,
    string? Contains = null,
    string? NotContains = null,
    int? MaxCompletionTokens = null,
    string? FinishReason = null,
    bool SameAcrossSeeds = false,
    string? ValidAgainst = null,
    IReadOnlyList<RequiredField>? RequiredFields = null);

/// <summary>A member a property check requires in a JSON object completion.</summary>
/// <param name="Name">The member name.</param>
/// <param name="Type">Its JSON type (<c>string</c>, <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>array</c>,
/// <c>object</c>, <c>null</c>), or null for any type. An <c>integer</c> is a number without a fractional part;
/// every integer is also a <c>number</c>.</param>
public sealed record RequiredField(string Name, string? Type = null);

/// <summary>Sandbox limits for a code exercise's checks (the whole run, all checks together).</summary>
/// <param name="WallTime">Wall-clock limit; the process is killed when it passes.</param>
/// <param name="CpuTime">CPU-time limit (user + system).</param>
/// <param name="MemoryBytes">Resident memory limit, in bytes.</param>
public sealed record SandboxLimits(TimeSpan WallTime, TimeSpan CpuTime, long MemoryBytes)
{
    /// <summary>20 s wall, 10 s CPU, 256 MiB.</summary>
    public static SandboxLimits Default { get; } = new(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10), 256L * 1024 * 1024);
}

/// <summary>A quiz question. <see cref="CorrectChoices"/>, <see cref="Answer"/> and <see cref="Tolerance"/>
/// are hidden (never served to students).</summary>
/// <param name="Id">Unique within the quiz.</param>
/// <param name="Kind">Single choice, multiple choice or numeric.</param>
/// <param name="PromptHtml">The question, Markdown rendered to HTML.</param>
/// <param name="Options">The choices (plain text), for choice questions.</param>
/// <param name="Points">Points for a correct answer (no partial credit).</param>
/// <param name="CorrectChoices">0-based indexes of the correct options: exactly one for single choice.</param>
/// <param name="Answer">Numeric questions: the correct value.</param>
/// <param name="Tolerance">Numeric questions: accepted absolute difference (≥ 0).</param>
/// <param name="ExplanationHtml">Shown after grading, Markdown rendered to HTML (optional).</param>
public sealed record QuizQuestion(
    string Id,
    QuizQuestionKind Kind,
    string PromptHtml,
    IReadOnlyList<string> Options,
    int Points,
    IReadOnlyList<int> CorrectChoices,
    double? Answer,
    double Tolerance,
    string? ExplanationHtml)
{
    /// <summary>The prompt as one line of plain text, at most 120 characters: the title of the question's result
    /// row and of its pass-rate bar on the dashboard.</summary>
    public string Title => HtmlText.OneLine(PromptHtml, 120);
}

/// <summary>The kind of a quiz question (yaml <c>single</c>, <c>multiple</c>, <c>numeric</c>).</summary>
public enum QuizQuestionKind
{
    /// <summary>Exactly one option is correct.</summary>
    Single,

    /// <summary>Any set of options; the answer must be exactly the correct set.</summary>
    Multiple,

    /// <summary>A number, correct within <see cref="QuizQuestion.Tolerance"/>.</summary>
    Numeric,
}
