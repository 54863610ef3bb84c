using System.Text.Json.Serialization;

namespace Workbench.Lab.Classrooms;

/// <summary>Where a student stands on an exercise or a lab (JSON: <c>not-started</c>, <c>in-progress</c>, <c>complete</c>).</summary>
[JsonConverter(typeof(KebabCaseEnumConverter<ProgressStatus>))]
public enum ProgressStatus
{
    /// <summary>No submission counts (none yet, or all reset).</summary>
    NotStarted,

    /// <summary>Submitted, but not every check passed yet (or grading is under way).</summary>
    InProgress,

    /// <summary>Exercise: a graded submission scored full marks. Lab: every exercise is complete.</summary>
    Complete,
}
