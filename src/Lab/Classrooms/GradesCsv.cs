using System.Globalization;
using System.Text;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Grade export: CSV as RFC 4180 writes it (comma-separated, CRLF line ends, fields quoted when they hold a comma,
/// a quote or a line break, quotes doubled). Safe to open in a spreadsheet: a text cell beginning with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return is prefixed with <c>'</c> so it is not run
/// as a formula (OWASP's CSV injection advice).
/// </summary>
public static class GradesCsv
{
    /// <summary>The MIME type to serve it with: <c>text/csv; charset=utf-8</c>.</summary>
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// One header row, then one row per student: <c>Student</c>, <c>Student id</c>, one column per lab headed
    /// <c>&lt;lab title&gt; (/&lt;max&gt;)</c> holding the student's score (a number, so spreadsheets can sum it;
    /// the maximum is in the header), and <c>Total (/&lt;max&gt;)</c>.
    /// </summary>
    /// <param name="dashboard">The class's dashboard.</param>
    public static string Write(ClassDashboard dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var csv = new StringBuilder();
        var totalMax = dashboard.Labs.Sum(l => l.MaxScore);
        var header = new List<string> { "Student", "Student id" };
        header.AddRange(dashboard.Labs.Select(l => $"{l.Title} (/{Number(l.MaxScore)})"));
        header.Add($"Total (/{Number(totalMax)})");
        AppendRow(csv, header);
        foreach (var student in dashboard.Students)
        {
            var row = new List<string> { student.DisplayName, student.UserId };
            row.AddRange(student.Labs.Select(c => Number(c.Score)));
            row.Add(Number(student.TotalScore));
            AppendRow(csv, row);
        }
        return csv.ToString();
    }

    /// <summary>One field as written: neutralised if it could start a formula, then quoted if needed.</summary>
    /// <param name="value">The cell's text.</param>
    public static string Field(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') text = "'" + text;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static void AppendRow(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Field));
        csv.Append("\r\n");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
