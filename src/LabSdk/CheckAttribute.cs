namespace Workbench.LabSdk;

/// <summary>
/// Marks a hidden check of a code exercise: a <c>public static</c> method returning <see cref="Task"/> and taking
/// one <see cref="CheckContext"/>, for example
/// <code>
/// [Check("returns-text")]
/// public static async Task ReturnsText(CheckContext context) { … }
/// </code>
/// The grading sandbox runs it once per trial; it passes when it returns and fails when it throws (a
/// <see cref="CheckFailedException"/> with a message for the student, or any other exception, which is reported
/// by type and message with the line of the student's code it came from).
/// </summary>
/// <param name="id">The check's id, as in the exercise's <c>exercise.yaml</c> (<c>checks[].id</c>).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CheckAttribute(string id) : Attribute
{
    /// <summary>The check's id, as in <c>exercise.yaml</c>.</summary>
    public string Id { get; } = id;
}
