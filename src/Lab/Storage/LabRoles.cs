namespace Workbench.Lab.Storage;

/// <summary>The roles, as stored and as claim values.</summary>
public static class LabRoles
{
    /// <summary>Creates classes, sees every student's work, hidden checks and solutions of their classes.</summary>
    public const string Instructor = "instructor";

    /// <summary>Joined a class with a code; sees only their own work.</summary>
    public const string Student = "student";

    /// <summary>The single local learner of self-paced mode (no sign-in); sees only their own work.</summary>
    public const string Learner = "learner";
}
