// Part of the corpus SDK of lab 09 "new-tool-corpus" (labs/09-watch-a-model-learn): the shape a training
// conversation has when a student's generator writes it in the grading sandbox; the grader reads it as JSON.
using System.Text.Json.Nodes;

namespace Workbench.LabSdk.Corpus;

/// <summary>What the assistant's first reply is expected to do: call <paramref name="ToolName"/> with
/// <paramref name="Arguments"/>, or (both null) reply in plain text without a call.</summary>
public sealed record CorpusExpectation(string? ToolName, JsonObject? Arguments)
{
    /// <summary>No offered tool fits: a plain reply.</summary>
    public static CorpusExpectation NoCall => new(null, null);
}
