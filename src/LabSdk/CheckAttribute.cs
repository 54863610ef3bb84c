namespace Workbench.LabSdk;

/// <summary>
/// Marks a hidden check of a code exercise (<c>checks/Checks.cs</c>): a <c>public static</c> method returning
/// <see cref="Task"/> and taking one <see cref="CheckContext"/>, for example
/// <code>
/// [Check("returns-text")]
/// public static async Task ReturnsText(CheckContext context)
/// {
///     var answer = await context.CallAsync("ask", new JsonObject { ["user"] = "Hi" });
///     if ((string?)answer?["text"] != expected) throw new CheckFailedException("…");
/// }
/// </code>
/// The checks are compiled alone (against this SDK and the runtime, never with the student's code) and run in the
/// grading process, once per trial: the student's code is reached only through the exercise's harness
/// operations (<see cref="CheckContext.CallAsync(string, System.Text.Json.Nodes.JsonNode?)"/>), and the
/// checks' strings, expected values and hidden inputs never enter the sandbox. A trial passes when the method
/// returns and fails when it throws: a <see cref="CheckFailedException"/> with a message for the student, a
/// <see cref="StudentCodeException"/> left uncaught (the student's exception by type, message and line), or any
/// other exception (by type and message).
/// </summary>
/// <param name="id">The check's id, as in the exercise's <c>exercise.yaml</c> (<c>checks[].id</c>).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CheckAttribute(string id) : Attribute
{
    /// <summary>The check's id, as in <c>exercise.yaml</c>.</summary>
    public string Id { get; } = id;
}
