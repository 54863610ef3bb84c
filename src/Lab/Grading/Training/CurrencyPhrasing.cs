using System.Text.RegularExpressions;

namespace Workbench.Lab.Grading.Training;

/// <summary>
/// The phrasing of a question about currencies: the text in lower case with every currency code (three upper-case
/// letters), currency name, nationality adjective and symbol replaced by <c>{c}</c>, every number by <c>{n}</c>, and
/// whitespace collapsed. "How many yen is a US dollar?" and "How many euros is a pound?" are one phrasing,
/// <c>how many {c} is a {c}?</c>.
/// </summary>
public static partial class CurrencyPhrasing
{
    /// <summary>Masks <paramref name="text"/> as described on the type.</summary>
    /// <param name="text">A user message.</param>
    /// <returns>Its phrasing.</returns>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = Code().Replace(text, "{c}").ToLowerInvariant();
        masked = Name().Replace(masked, "{c}");
        masked = Symbol().Replace(masked, "{c}");
        masked = Number().Replace(masked, "{n}");
        masked = Repeated().Replace(masked, "{c}");
        return Space().Replace(masked, " ").Trim();
    }

    [GeneratedRegex(@"\b[A-Z]{3}\b")]
    private static partial Regex Code();

    /// <summary>Names (singular and plural) and the adjectives that precede them, so "Canadian dollar" is one {c}.</summary>
    [GeneratedRegex(@"\b(?:(?:u\.?s\.?|american|canadian|australian|new zealand|hong kong|singapore|swiss|swedish|norwegian|danish|icelandic|mexican|brazilian|chilean|argentine|colombian|chinese|japanese|indian|korean|south korean|south african|polish|czech|hungarian|british|turkish|russian|thai|vietnamese|indonesian|malaysian|philippine|israeli|emirati|saudi|egyptian|nigerian|kenyan|european)\s+)?(?:dollars?|bucks?|euros?|yen|pounds?(?: sterling)?|sterling|quid|francs?|kron(?:a|or|e|er)|yuan|renminbi|rmb|rupees?|pesos?|reais|real|won|z[lł]oty(?:s)?|rand|rubles?|roubles?|lira|liras|baht|dong|ringgits?|shekels?|dirhams?|riyals?|forints?|korun[ay]?|rupiahs?|nairas?|shillings?|pesos?)\b")]
    private static partial Regex Name();

    [GeneratedRegex(@"[$€£¥₹₩₽₺₪฿]")]
    private static partial Regex Symbol();

    [GeneratedRegex(@"\d+(?:[.,]\d+)*")]
    private static partial Regex Number();

    [GeneratedRegex(@"\{c\}(?:\s*\{c\})+")]
    private static partial Regex Repeated();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
