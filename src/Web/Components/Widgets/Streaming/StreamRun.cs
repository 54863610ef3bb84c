namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>One transport's run as the widget knows it: the <see cref="StreamReport"/>s merged (token arrival
/// times accumulated, the rest replaced by the latest report).</summary>
/// <param name="transport">The transport.</param>
/// <param name="number">The run number the reports must carry.</param>
public sealed class StreamRun(StreamTransport transport, int number)
{
    private readonly List<double> _tokenTimes = [];

    /// <summary>The transport.</summary>
    public StreamTransport Transport { get; } = transport;

    /// <summary>The run number.</summary>
    public int Number { get; } = number;

    /// <summary>The latest report (null until the browser reported once).</summary>
    public StreamReport? Latest { get; private set; }

    /// <summary>Arrival times of every text-bearing item, ms after the request was sent, ascending.</summary>
    public IReadOnlyList<double> TokenTimesMs => _tokenTimes;

    /// <summary><c>running</c> until the browser says otherwise (see <see cref="StreamReport.State"/>).</summary>
    public string State => Latest?.State ?? "running";

    /// <summary>Whether the run is still going.</summary>
    public bool IsRunning => State == "running";

    /// <summary>Merges a report of this run; returns false (and ignores it) when it belongs to another run or
    /// transport, or arrives after the run ended.</summary>
    /// <param name="report">The browser's report.</param>
    public bool Apply(StreamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Run != Number || StreamTransports.Parse(report.Transport) != Transport || !IsRunning) return false;
        foreach (var t in report.TokenTimesMs)
        {
            // Arrival order is time order; a clock quirk never makes the list unsorted.
            _tokenTimes.Add(_tokenTimes.Count > 0 ? Math.Max(t, _tokenTimes[^1]) : t);
        }
        Latest = report;
        return true;
    }
}
