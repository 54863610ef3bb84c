// Part of the corpus SDK of lab 09 "new-tool-corpus" (labs/09-watch-a-model-learn): the shape a training
// conversation has when a student's generator writes it in the grading sandbox; the grader reads it as JSON.
using System.Text.Json.Nodes;

namespace Workbench.LabSdk.Corpus;

/// <summary>One training conversation.</summary>
/// <param name="Tools">The OpenAI <c>tools</c> entries offered (<c>{"type": "function", "function": {name,
/// description, parameters}}</c>), in the order the model sees them.</param>
/// <param name="Messages">OpenAI chat messages, in order.</param>
/// <param name="Expected">What the first assistant reply does.</param>
public sealed record CorpusConversation(IReadOnlyList<JsonObject> Tools, IReadOnlyList<JsonObject> Messages, CorpusExpectation Expected);
