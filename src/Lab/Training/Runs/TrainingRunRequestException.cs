namespace Workbench.Lab.Training.Runs;

/// <summary>A knob of a <see cref="TrainingRunRequest"/> is out of bounds. The message is safe to show.</summary>
/// <param name="field">The knob's wire name (<c>preset</c>, <c>learning_rate</c>, <c>steps</c>, <c>seed</c>).</param>
/// <param name="message">What is wrong, naming the field and its bounds.</param>
public sealed class TrainingRunRequestException(string field, string message) : Exception(message)
{
    /// <summary>The knob's wire name.</summary>
    public string Field { get; } = field;
}
