namespace Workbench.Lab.Grading.Submissions;

/// <summary>A submission was refused before it was stored: unknown lab or exercise, or a payload of the wrong
/// shape (file names other than the starter files, files over the size limit, answers to unknown questions).
/// The message is safe to show to the student (HTTP 400).</summary>
/// <param name="message">What is wrong, in a sentence.</param>
public sealed class InvalidSubmissionException(string message) : ArgumentException(message);
