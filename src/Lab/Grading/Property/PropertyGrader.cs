using Microsoft.Extensions.Options;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tools;
using Workbench.Lab.Content;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// Grades property exercises by running the real model: for each check, the chat template is applied to its
/// system and user messages, then one completion is generated per seed (fixed seeds, so a run reproduces) with
/// the student's file in place — a GBNF grammar constraining the output, a system prompt, sampling parameters, or a
/// JSON Schema converted to a grammar (<see cref="StudentSchema"/>; every output must then also validate against it),
/// or a tool definition whose forced call's arguments are judged (<see cref="StudentTool"/>, <see cref="ForcedToolCall"/>,
/// <see cref="ToolCallExpectations"/>) — and every expectation of the check (<see cref="PropertyCheck"/>, JSON ones in <see cref="JsonExpectations"/>)
/// must hold. A check passes when the share of seeds that pass reaches its threshold. Checks that ask for the same
/// prompt, seed, max_tokens and temperature share one generation, so they judge the same outputs. Problems in the
/// student's file (a grammar that does not parse, invalid sampling JSON, a schema that is not JSON or uses an
/// unsupported keyword, text the vocabulary cannot encode) fail the checks with a message saying so.
/// </summary>
/// <param name="engine">The host's engine.</param>
/// <param name="options">The lab options (<see cref="LabOptions.ModelWaitSeconds"/>).</param>
public sealed class PropertyGrader(IInferenceEngine engine, IOptions<LabOptions> options)
{
    private const int ShownCharacters = 160;

    /// <summary>Grades a property submission.</summary>
    /// <param name="request">The submission; the exercise must be <see cref="ExerciseKind.Property"/>.</param>
    /// <param name="cancellationToken">Cancels generation.</param>
    /// <returns>The result; duration and attempt left for <see cref="ExerciseGrader"/>; <see cref="GradeOutcome.Error"/>
    /// when no model is loaded (after waiting <see cref="LabOptions.ModelWaitSeconds"/> for one).</returns>
    /// <exception cref="NoModelLoadedException">The model was unloaded while grading.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async Task<GradeResult> GradeAsync(GradingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var exercise = request.Exercise;
        var file = exercise.StarterFiles.FirstOrDefault()?.Name ?? "";
        var text = request.Payload.Files.TryGetValue(file, out var submitted) ? submitted : "";

        StudentSampling? sampling = null;
        StudentSchema? schema = null;
        if (exercise.Target == PropertyTarget.Sampling)
        {
            (sampling, var error) = StudentSampling.Parse(text);
            if (error is not null) return GradeResults.AllFailed(exercise, GradeOutcome.Graded, error, error);
        }
        else if (exercise.Target == PropertyTarget.JsonSchema)
        {
            (schema, var error) = StudentSchema.Parse(text);
            if (error is not null) return GradeResults.AllFailed(exercise, GradeOutcome.Graded, error, error);
        }
        StudentTool? tool = null;
        if (exercise.Target == PropertyTarget.ToolSchema)
        {
            (tool, var error) = StudentTool.Parse(text);
            if (error is not null) return GradeResults.AllFailed(exercise, GradeOutcome.Graded, error, error);
        }
        var student = new StudentFile(exercise.Target, text, sampling, schema, tool);

        // After a restart the engine may still be loading its model: wait for it rather than fail the submission.
        if (await EngineReadiness.WaitForModelAsync(engine, TimeSpan.FromSeconds(options.Value.ModelWaitSeconds), cancellationToken) is null)
            return GradeResults.Error(exercise, GradeResults.NoModelLoaded);
        using var caller = EngineCallerContext.Begin(request.Caller);
        var generations = new Dictionary<(string Prompt, int Seed, int MaxTokens, float Temperature), Generation>();
        var checks = new List<CheckResult>();
        foreach (var check in exercise.Checks)
        {
            var property = check.Property ?? throw new InvalidOperationException($"Check '{check.Id}' of '{exercise.Id}' has no property spec.");
            var failures = new List<string>();
            var passed = 0;
            try
            {
                var rendered = await RenderAsync(property, student, cancellationToken);
                var prompt = rendered.Text;
                string? firstCompletion = null;
                foreach (var seed in property.Seeds)
                {
                    var key = (prompt, seed, property.MaxTokens, property.Temperature);
                    if (!generations.TryGetValue(key, out var generation))
                    {
                        generation = await GenerateAsync(rendered, property, student, seed, cancellationToken);
                        generations[key] = generation;
                    }
                    var completion = generation.Completion;
                    var failure = tool is null
                        ? Evaluate(property, completion, generation.Finish, generation.CompletionTokens, schema?.Schema)
                        : ToolCallExpectations.Evaluate(property, tool, ForcedToolCall.FromCompletion(tool, completion, seed), generation.Finish, generation.CompletionTokens);
                    firstCompletion ??= completion;
                    // Deterministic sampling gives every seed the first seed's reply.
                    if (failure is null && property.SameAcrossSeeds && completion != firstCompletion)
                        failure = $"the reply differs from seed {property.Seeds[0]}'s: {Show(completion)} instead of {Show(firstCompletion)}";
                    if (failure is null) passed++;
                    else failures.Add($"seed {seed}: {failure}");
                }
            }
            catch (GrammarException e)
            {
                failures.Add((schema is null && tool is null ? "Your grammar was rejected: " : "The grammar made from your schema was rejected: ") + e.Message);
            }
            catch (TokenizationException e)
            {
                failures.Add("The model's vocabulary cannot encode the text: " + e.Message);
            }
            catch (PromptTooLongException e)
            {
                failures.Add(e.Message);
            }
            var trials = property.Seeds.Count;
            var ok = GradeResults.MeetsThreshold(passed, trials, check.PassThreshold);
            var message = ok ? (trials == 1 ? "passed" : $"passed {passed} of {trials} seeds") : failures.FirstOrDefault() ?? "no seeds to run";
            checks.Add(new CheckResult(check.Id, check.Title, ok, message, ok ? check.Points : 0, check.Points, passed, trials));
        }
        return new GradeResult(GradeOutcome.Graded, checks.Sum(c => c.Points), exercise.MaxScore, TimeSpan.Zero, 0, checks, [],
            GradeResults.Summary(checks));
    }

    /// <summary>The check's prompt through the model's chat template; a tool-schema exercise offers the student's tool
    /// (the template renders it, as a server renders <c>tools</c>).</summary>
    private async Task<RenderedPrompt> RenderAsync(PropertyCheck property, StudentFile student, CancellationToken cancellationToken)
    {
        var system = student.Target == PropertyTarget.SystemPrompt ? student.Text : property.SystemPrompt;
        var messages = new List<PromptMessage>();
        if (!string.IsNullOrWhiteSpace(system)) messages.Add(new PromptMessage("system", system));
        messages.Add(new PromptMessage("user", property.UserPrompt));
        if (student.Tool is { } tool)
            return await engine.RenderChatAsync(new ChatRenderRequest { Messages = messages, Tools = [tool.Tool] }, cancellationToken);
        return await engine.ApplyChatTemplateAsync(messages, null, addAssistantPrompt: true, cancellationToken);
    }

    /// <summary>Generates one completion with the student's file in place.</summary>
    private async Task<Generation> GenerateAsync(RenderedPrompt prompt, PropertyCheck property, StudentFile student, int seed, CancellationToken cancellationToken)
    {
        // A tool-schema exercise: the student's tool, forced by name, generated and parsed as the API does it.
        var session = student.Tool is { } forced
            ? ToolCallSession.Create([forced.Tool], ToolChoice.Function(forced.Tool.Name), parallelToolCalls: false, prompt.ToolCallFormat)
            : null;
        var own = student.Sampling;
        var sampling = (own?.Sampling ?? new SamplingOptions()) with
        {
            Seed = unchecked((uint)seed),
            Temperature = own is { HasTemperature: true } ? own.Sampling.Temperature : property.Temperature,
            Grammar = student.Target switch
            {
                PropertyTarget.Grammar => student.Text,
                PropertyTarget.JsonSchema => student.Schema?.Grammar,
                _ => null,
            },
        };
        if (session is not null) sampling = session.ApplyTo(sampling);
        var request = new GenerationRequest { Prompt = prompt.Text, Sampling = sampling, MaxTokens = own?.MaxTokens ?? property.MaxTokens };

        var text = new StringBuilder();
        FinishReason? finish = null;
        var completionTokens = 0;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            text.Append(update.Text);
            session?.Push(update.Text);
            finish = update.FinishReason ?? finish;
            completionTokens = update.Usage?.CompletionTokens ?? completionTokens;
        }
        if (session is null) return new Generation(text.ToString(), finish, completionTokens);
        session.Complete();
        // The forced call's arguments are what the checks judge; with no parsed call, the raw text is (and fails).
        var arguments = session.ToolCalls is [var call, ..] ? call.Arguments : text.ToString();
        return new Generation(arguments, finish, completionTokens);
    }

    /// <summary>The first expectation the completion breaks, described for the student, or null.</summary>
    /// <param name="property">The check.</param>
    /// <param name="completion">The generated text.</param>
    /// <param name="finish">Why generation stopped.</param>
    /// <param name="completionTokens">usage.completion_tokens.</param>
    /// <param name="studentSchema">The student's schema (json-schema exercises): the completion must validate against it.</param>
    internal static string? Evaluate(PropertyCheck property, string completion, FinishReason? finish, int completionTokens, JsonElement? studentSchema = null)
    {
        var shown = Show(completion);
        var finishName = finish?.ToString().ToLowerInvariant() ?? "none";
        if (property.FinishReason is { } expectedFinish && !string.Equals(finishName, expectedFinish, StringComparison.OrdinalIgnoreCase))
            return $"finish_reason was \"{finishName}\"; expected \"{expectedFinish}\" (completion: {shown})";
        if (property.MaxCompletionTokens is { } maxTokens && completionTokens > maxTokens)
            return $"the completion used {completionTokens} tokens; at most {maxTokens} are allowed (completion: {shown})";
        if (property.Regex is { } pattern
            && !Regex.IsMatch(completion.Trim(), $@"\A(?:{pattern})\z", RegexOptions.None, TimeSpan.FromSeconds(1)))
            return $"the completion does not have the expected form: {shown}";
        if (property.Contains is { } expected && !completion.Contains(expected, StringComparison.OrdinalIgnoreCase))
            return $"the completion does not contain \"{expected}\": {shown}";
        if (property.NotContains is { } forbidden && completion.Contains(forbidden, StringComparison.OrdinalIgnoreCase))
            return $"the completion contains \"{forbidden}\", which it must not: {shown}";
        return JsonExpectations.Evaluate(property, studentSchema, completion, finish, shown);
    }

    /// <summary>What the student submitted, ready to use: the raw text and, by target, its parsed form.</summary>
    private sealed record StudentFile(PropertyTarget? Target, string Text, StudentSampling? Sampling, StudentSchema? Schema, StudentTool? Tool);

    /// <summary>One generated completion, shared by the checks that ask for the same run.</summary>
    private sealed record Generation(string Completion, FinishReason? Finish, int CompletionTokens);

    private static string Show(string completion)
    {
        var oneLine = completion.Trim().ReplaceLineEndings(" ");
        return "\"" + (oneLine.Length <= ShownCharacters ? oneLine : oneLine[..ShownCharacters] + "…") + "\"";
    }
}
