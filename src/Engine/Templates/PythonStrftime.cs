using System.Globalization;
using System.Text;

namespace Workbench.Engine.Templates;

/// <summary>Python's <c>datetime.strftime</c> in the C locale, for the <c>strftime_now</c> global chat templates
/// call (Llama 3.2: <c>"%d %b %Y"</c>; Mistral Small 3.2: <c>"%Y-%m-%d"</c>). Codes: <c>%a %A %b %B %d %e %H %I
/// %j %m %M %p %S %y %Y %w %u %z %Z %F %T %D %R %%</c>; any other code is copied as written.</summary>
public static class PythonStrftime
{
    /// <summary>Formats <paramref name="time"/> (its own offset, not converted) with <paramref name="format"/>.</summary>
    public static string Format(DateTimeOffset time, string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length) { sb.Append(format[i]); continue; }
            char code = format[++i];
            int hour12 = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
            sb.Append(code switch
            {
                'a' => time.DayOfWeek.ToString()[..3],
                'A' => time.DayOfWeek.ToString(),
                'b' or 'h' => inv.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'B' => inv.DateTimeFormat.GetMonthName(time.Month),
                'd' => time.Day.ToString("00", inv),
                'e' => time.Day.ToString(inv).PadLeft(2),
                'H' => time.Hour.ToString("00", inv),
                'I' => hour12.ToString("00", inv),
                'j' => time.DayOfYear.ToString("000", inv),
                'm' => time.Month.ToString("00", inv),
                'M' => time.Minute.ToString("00", inv),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'S' => time.Second.ToString("00", inv),
                'y' => (time.Year % 100).ToString("00", inv),
                'Y' => time.Year.ToString(inv),
                'w' => ((int)time.DayOfWeek).ToString(inv),
                'u' => (time.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)time.DayOfWeek).ToString(inv),
                'z' => (time.Offset < TimeSpan.Zero ? "-" : "+") + time.Offset.ToString("hhmm", inv),
                'Z' => time.Offset == TimeSpan.Zero ? "UTC" : "",
                'F' => Format(time, "%Y-%m-%d"),
                'T' => Format(time, "%H:%M:%S"),
                'D' => Format(time, "%m/%d/%y"),
                'R' => Format(time, "%H:%M"),
                '%' => "%",
                _ => "%" + code,
            });
        }
        return sb.ToString();
    }
}
