namespace Workbench.Lab;

/// <summary>The <c>Lab</c> section of appsettings.json: content, storage, mode and grading.</summary>
public sealed class LabOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Lab";

    /// <summary>The labs folder (relative paths resolve against the repository root). Default <c>labs</c>.</summary>
    public string ContentDirectory { get; set; } = "labs";

    /// <summary>Where the SQLite database and grading scratch space live. Default <c>data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Empty (default): SQLite at <c>{DataDirectory}/workbench.db</c>. A <c>Data Source=...</c> string:
    /// SQLite there. Anything else (<c>Host=...;Database=...</c>): PostgreSQL through Npgsql.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary><see cref="LabMode.SelfPaced"/> (default: one local learner, no sign-in) or
    /// <see cref="LabMode.Classroom"/> (instructor sign-in, students join with a code).</summary>
    public LabMode Mode { get; set; } = LabMode.SelfPaced;

    /// <summary>Classroom mode: the instructor account created on first run.</summary>
    public InstructorOptions Instructor { get; set; } = new();

    /// <summary>How many submissions are graded at once (1..16). Default 2.</summary>
    public int GradingConcurrency { get; set; } = 2;

    /// <summary>How long grading that needs the model waits for one to be loaded (the engine worker is still
    /// loading after a restart), in seconds, 0..600. Default 120.</summary>
    public int ModelWaitSeconds { get; set; } = 120;

    /// <summary>A cap on the optimizer steps of a training exercise's grader fine-tune (the exercise's
    /// <c>training.steps</c>, lab 09: 40, about a minute on two cores); 0 (default) = no cap. A test server or a slow
    /// machine lowers it; the grade's feedback names the steps that ran.</summary>
    public int FineTuneMaxSteps { get; set; }
}

/// <summary>How the workbench is used.</summary>
public enum LabMode
{
    /// <summary>A single learner, no sign-in (the default on a fresh checkout).</summary>
    SelfPaced,

    /// <summary>Classes: cookie sign-in, instructor and student roles enforced on the server.</summary>
    Classroom,
}

/// <summary>The instructor account of classroom mode, created on first run if no account has its user name.</summary>
public sealed class InstructorOptions
{
    /// <summary>Sign-in name. Default <c>instructor</c>.</summary>
    public string UserName { get; set; } = "instructor";

    /// <summary>Display name. Default <c>Instructor</c>.</summary>
    public string DisplayName { get; set; } = "Instructor";

    /// <summary>The initial password (set it in configuration or with <c>--Lab:Instructor:Password=...</c>);
    /// classroom mode refuses to start without one when no instructor exists yet.</summary>
    public string Password { get; set; } = "";
}
