namespace Workbench.Web.Hosting;

/// <summary>Configuration section <c>Web</c> of the root <c>appsettings.json</c> (override with <c>Web__*</c>
/// environment variables or <c>--Web:*</c> command-line arguments).</summary>
public sealed class WebOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Web";

    /// <summary>Addresses the web app listens on, separated by <c>;</c>, overriding ASP.NET Core's own setting.
    /// Default empty: ASP.NET Core's standard <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>urls</c> setting applies
    /// (and without any, its default <c>http://localhost:5000</c>); <c>dotnet run --project src/Web</c> opens
    /// <c>http://localhost:5080</c> from <c>Properties/launchSettings.json</c>.</summary>
    public string Urls { get; set; } = "";

    /// <summary>Seconds a starting worker may take to answer <c>/health</c> (process start and default model
    /// load). Range 1–3600. Default 120.</summary>
    public int WorkerStartTimeoutSeconds { get; set; } = 120;

    /// <summary>Longest wait, in seconds, before restarting a crashed worker: the wait starts at 250 ms and doubles
    /// with each crash in a row up to this cap, and the supervisor keeps restarting for as long as the app runs.
    /// Range 1–600. Default 30.</summary>
    public int MaxRestartBackoffSeconds { get; set; } = 30;

    /// <summary>Seconds between health checks of a running worker. Range 1–300. Default 2.</summary>
    public int HealthCheckIntervalSeconds { get; set; } = 2;

    /// <summary>Checks every range above.</summary>
    /// <returns>Null when valid, else a message naming the setting.</returns>
    public string? Validate() =>
        WorkerStartTimeoutSeconds is < 1 or > 3600 ? "Web:WorkerStartTimeoutSeconds must be between 1 and 3600."
        : MaxRestartBackoffSeconds is < 1 or > 600 ? "Web:MaxRestartBackoffSeconds must be between 1 and 600."
        : HealthCheckIntervalSeconds is < 1 or > 300 ? "Web:HealthCheckIntervalSeconds must be between 1 and 300."
        : null;
}
