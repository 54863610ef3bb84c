using Microsoft.Extensions.Options;
using System.Text;
using System.Text.RegularExpressions;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Lab.Content;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// Grades property exercises by running the real model: for each check, the chat template is applied to its
/// system and user messages, then one completion is generated per seed (fixed seeds, so a run reproduces) with
/// the student's file in place — a GBNF grammar constraining the output, a system prompt, or sampling parameters —
/// and every expectation of the check (<see cref="PropertyCheck"/>) must hold. A check passes when the share of
/// seeds that pass reaches its threshold. Problems in the student's file (a grammar that does not parse, invalid
/// sampling JSON, text the vocabulary cannot encode) fail the checks with a message saying so.
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
        if (exercise.Target == PropertyTarget.Sampling)
        {
            (sampling, var error) = StudentSampling.Parse(text);
            if (error is not null) return GradeResults.AllFailed(exercise, GradeOutcome.Graded, error, error);
        }

        // After a restart the engine may still be loading its model: wait for it rather than fail the submission.
        if (await EngineReadiness.WaitForModelAsync(engine, TimeSpan.FromSeconds(options.Value.ModelWaitSeconds), cancellationToken) is null)
            return GradeResults.Error(exercise, GradeResults.NoModelLoaded);
        using var caller = EngineCallerContext.Begin(request.Caller);
        var checks = new List<CheckResult>();
        foreach (var check in exercise.Checks)
        {
            var property = check.Property ?? throw new InvalidOperationException($"Check '{check.Id}' of '{exercise.Id}' has no property spec.");
            var failures = new List<string>();
            var passed = 0;
            try
            {
                var prompt = await RenderAsync(property, exercise.Target, text, cancellationToken);
                string? firstCompletion = null;
                foreach (var seed in property.Seeds)
                {
                    var (failure, completion) = await RunSeedAsync(prompt, property, exercise.Target, text, sampling, seed, cancellationToken);
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
                failures.Add("Your grammar was rejected: " + e.Message);
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

    private async Task<string> RenderAsync(PropertyCheck property, PropertyTarget? target, string studentText, CancellationToken cancellationToken)
    {
        var system = target == PropertyTarget.SystemPrompt ? studentText : property.SystemPrompt;
        var messages = new List<PromptMessage>();
        if (!string.IsNullOrWhiteSpace(system)) messages.Add(new PromptMessage("system", system));
        messages.Add(new PromptMessage("user", property.UserPrompt));
        var rendered = await engine.ApplyChatTemplateAsync(messages, null, addAssistantPrompt: true, cancellationToken);
        return rendered.Text;
    }

    /// <summary>Generates one completion; returns why it fails the check (null when it passes) and its text.</summary>
    private async Task<(string? Failure, string Completion)> RunSeedAsync(string prompt, PropertyCheck property, PropertyTarget? target, string studentText,
        StudentSampling? student, int seed, CancellationToken cancellationToken)
    {
        var sampling = (student?.Sampling ?? new SamplingOptions()) with
        {
            Seed = unchecked((uint)seed),
            Temperature = student is { HasTemperature: true } ? student.Sampling.Temperature : property.Temperature,
            Grammar = target == PropertyTarget.Grammar ? studentText : null,
        };
        var request = new GenerationRequest { Prompt = prompt, Sampling = sampling, MaxTokens = student?.MaxTokens ?? property.MaxTokens };

        var text = new StringBuilder();
        FinishReason? finish = null;
        var completionTokens = 0;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            text.Append(update.Text);
            finish = update.FinishReason ?? finish;
            completionTokens = update.Usage?.CompletionTokens ?? completionTokens;
        }
        var completion = text.ToString();
        return (Evaluate(property, completion, finish, completionTokens), completion);
    }

    /// <summary>The first expectation the completion breaks, described for the student, or null.</summary>
    internal static string? Evaluate(PropertyCheck property, string completion, FinishReason? finish, int completionTokens)
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
        return null;
    }

    private static string Show(string completion)
    {
        var oneLine = completion.Trim().ReplaceLineEndings(" ");
        return "\"" + (oneLine.Length <= ShownCharacters ? oneLine : oneLine[..ShownCharacters] + "…") + "\"";
    }
}
