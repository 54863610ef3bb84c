namespace Workbench.LabSdk;

/// <summary>What one trial of a check is given: the lab, which trial it is, a seed, a cancellation token, and the
/// HTTP exchanges the student's code made during this trial.</summary>
public sealed class CheckContext
{
    private readonly int _firstExchange;

    /// <summary>Starts a trial: exchanges already in <paramref name="lab"/> are not part of it.</summary>
    /// <param name="lab">The lab context the student's code is given.</param>
    /// <param name="checkId">The check's id.</param>
    /// <param name="trial">1-based trial number, 1..the check's <c>trials</c>.</param>
    /// <param name="cancellationToken">Cancelled when the trial's time is up.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trial"/> is below 1.</exception>
    public CheckContext(LabContext lab, string checkId, int trial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentOutOfRangeException.ThrowIfLessThan(trial, 1);
        Lab = lab;
        CheckId = checkId;
        Trial = trial;
        CancellationToken = cancellationToken;
        _firstExchange = lab.Exchanges.Count;
    }

    /// <summary>The lab context (the same one the student's code gets).</summary>
    public LabContext Lab { get; }

    /// <summary>The check's id.</summary>
    public string CheckId { get; }

    /// <summary>1-based trial number. Use it to vary inputs between trials.</summary>
    public int Trial { get; }

    /// <summary>A seed for this trial: 1000 + <see cref="Trial"/>, the same for every check and every run, so
    /// sampled requests reproduce.</summary>
    public int Seed => 1000 + Trial;

    /// <summary>Cancelled when the trial runs out of time; pass it to the student's code.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The HTTP exchanges made through <see cref="Lab"/> since this trial started, oldest first.</summary>
    public IReadOnlyList<HttpExchange> Exchanges => Lab.Exchanges.Skip(_firstExchange).ToList();
}
