using System.Text;

namespace Workbench.Lab.Training.Corpus;

/// <summary>
/// Made-up argument values for the training split: city names and search queries built from syllables, drawn for
/// half of the training requests. A list of a few hundred real cities lets a small model memorize the values
/// instead of copying them (it answered held-out cities with training ones: "Brisbane" → <c>"manama"</c>); values
/// that never repeat leave copying from the user's message as the only way to lower the loss. None equals a real
/// city or a listed query, so the held-out split stays disjoint.
/// </summary>
internal static class CorpusSynthetic
{
    private static readonly string[] Syllables =
    [
        "ka", "lor", "ven", "mi", "tra", "bel", "os", "run", "dal", "pe", "zan", "quo", "ri", "ste", "gor", "an", "lu",
        "fen", "mar", "tis", "bo", "cher", "vik", "sa", "ul", "dra", "ne", "po", "kel", "ia", "tor", "em", "shi", "wa",
        "gla", "no", "ber", "yu", "hal", "ce",
    ];

    private static readonly string[] CityPrefixes = ["San", "Port", "New", "Santa", "Bad", "Nova", "Lake", "Saint", "Upper"];

    private static readonly (char Plain, char Accented)[] Accents = [('e', 'é'), ('o', 'ö'), ('a', 'ã'), ('i', 'í'), ('u', 'ü')];

    // Every zone a real city of the corpus has, in order (a made-up city's get_time result uses one of them).
    private static readonly string[] Zones = [.. CorpusCities.All.Select(c => c.Zone).Distinct(StringComparer.Ordinal)];

    private static readonly HashSet<string> Taken = new(
        CorpusCities.All.Select(c => c.Name).Concat(CorpusVocabulary.SearchQueries), StringComparer.OrdinalIgnoreCase);

    /// <summary>A made-up city name: 2–3 syllables, capitalized; sometimes two words or an accented vowel.</summary>
    public static string City(Random random)
    {
        while (true)
        {
            var name = new StringBuilder(Capitalize(Word(random, 2, 3)));
            if (random.Chance(0.1))
            {
                int i = IndexOfAny(name.ToString(), random);
                if (i >= 0) name[i] = Accents.First(a => a.Plain == name[i]).Accented;
            }
            string city = random.Chance(0.15) ? random.Pick(CityPrefixes) + " " + name : name.ToString();
            if (!Taken.Contains(city)) return city;
        }
    }

    /// <summary>A made-up search query: one or two lower-case words of 2–3 syllables.</summary>
    public static string Query(Random random)
    {
        while (true)
        {
            string query = random.Chance(0.3) ? Word(random, 1, 2) + " " + Word(random, 2, 3) : Word(random, 2, 3);
            if (!Taken.Contains(query)) return query;
        }
    }

    /// <summary>The IANA zone of <paramref name="city"/>: a real city's own, else one picked by the name's hash.</summary>
    public static string ZoneOf(string city) =>
        CorpusCities.All.FirstOrDefault(c => string.Equals(c.Name, city, StringComparison.OrdinalIgnoreCase)).Zone
        ?? Zones[(int)(CorpusPool.Fnv1a(city.ToLowerInvariant()) % (uint)Zones.Length)];

    private static string Word(Random random, int min, int max)
    {
        int n = random.Next(min, max + 1);
        var word = new StringBuilder();
        for (int i = 0; i < n; i++) word.Append(random.Pick(Syllables));
        return word.ToString();
    }

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    // A random position of an accentable vowel after the first letter, or -1.
    private static int IndexOfAny(string name, Random random)
    {
        var positions = Enumerable.Range(1, name.Length - 1).Where(i => Accents.Any(a => a.Plain == name[i])).ToList();
        return positions.Count == 0 ? -1 : positions[random.Next(positions.Count)];
    }
}
