namespace Workbench.LabSdk;

/// <summary>What a harness operation (<see cref="HarnessOperationAttribute"/>) is given inside the grading sandbox
/// besides its JSON input: the lab endpoint for the student's code and the call's cancellation token.</summary>
public sealed class HarnessContext
{
    /// <summary>Creates the context of one call.</summary>
    /// <param name="lab">The lab context of the sandbox run (its requests are recorded by the grading gateway).</param>
    /// <param name="cancellationToken">Cancelled when the check that made the call runs out of time.</param>
    public HarnessContext(LabContext lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        Lab = lab;
        CancellationToken = cancellationToken;
    }

    /// <summary>The lab's OpenAI-compatible endpoint, for the student's code.</summary>
    public LabContext Lab { get; }

    /// <summary>Cancelled when the call's time is up; pass it to the student's code.</summary>
    public CancellationToken CancellationToken { get; }
}
