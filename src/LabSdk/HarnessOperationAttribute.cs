namespace Workbench.LabSdk;

/// <summary>
/// Marks an operation of a code exercise's harness (<c>harness/*.cs</c>, visible, compiled with the student's files
/// into the sandbox assembly): a <c>static</c> method that turns JSON input into a call of the student's code and
/// its result into JSON output, for example
/// <code>
/// [HarnessOperation("sliding-window")]
/// public static JsonNode? Run(JsonNode? input, HarnessContext context) { … }
/// </code>
/// It may also return <c>Task&lt;JsonNode?&gt;</c>. The hidden checks call it from the grading process with
/// <see cref="CheckContext.CallAsync(string, System.Text.Json.Nodes.JsonNode?)"/>; the sandbox sends back what it
/// returns, or the exception it threw (type, message and the line of the student's file it came from). A harness
/// holds no expected values: it only translates.
/// </summary>
/// <param name="name">The operation's name, unique within the exercise, for example <c>sliding-window</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class HarnessOperationAttribute(string name) : Attribute
{
    /// <summary>The operation's name.</summary>
    public string Name { get; } = name;
}
