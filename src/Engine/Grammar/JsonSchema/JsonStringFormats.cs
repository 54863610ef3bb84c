using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>The supported <c>format</c> assertions: <c>date</c> (RFC 3339 full-date: <c>YYYY-MM-DD</c>, a day that
/// exists in that month and year), <c>date-time</c> (RFC 3339 date-time: full-date, <c>T</c>, <c>hh:mm:ss</c>,
/// optional fraction, <c>Z</c> or <c>±hh:mm</c>; second 60 allowed for leap seconds) and <c>uuid</c> (RFC 4122
/// text form, any version, either case).</summary>
internal static partial class JsonStringFormats
{
    /// <summary>Whether <paramref name="text"/> is a valid <paramref name="format"/>.</summary>
    public static bool Matches(string format, string text) => format switch
    {
        "date" => IsDate(text),
        "date-time" => DateTimePattern().Match(text) is { Success: true } m && IsDate(m.Groups["date"].Value)
            && int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture) <= 23 && int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) <= 59
            && int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) <= 60
            && (!m.Groups["oh"].Success || (int.Parse(m.Groups["oh"].Value, CultureInfo.InvariantCulture) <= 23 && int.Parse(m.Groups["om"].Value, CultureInfo.InvariantCulture) <= 59)),
        "uuid" => UuidPattern().IsMatch(text),
        _ => false,
    };

    private static bool IsDate(string text)
    {
        var m = DatePattern().Match(text);
        if (!m.Success) return false;
        int year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        int month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        int day = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1) return false;
        bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        int days = month == 2 ? (leap ? 29 : 28) : month is 4 or 6 or 9 or 11 ? 30 : 31;
        return day <= days;
    }

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<h>[0-9]{2}):(?<m>[0-9]{2}):(?<s>[0-9]{2})(\.[0-9]+)?([Zz]|[+-](?<oh>[0-9]{2}):(?<om>[0-9]{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex UuidPattern();
}
