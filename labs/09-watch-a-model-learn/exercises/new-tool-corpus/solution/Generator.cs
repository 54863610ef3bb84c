using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.LabSdk.Corpus;

/// <summary>Writes training conversations for the new tool <c>get_exchange_rate {base, quote}</c>.</summary>
public static class CorpusGenerator
{
    private sealed record Currency(string Code, string Name, string Plural, double UsdValue);

    private static readonly Currency[] Currencies =
    [
        new("USD", "US dollar", "US dollars", 1.0), new("EUR", "euro", "euros", 1.08), new("JPY", "yen", "yen", 0.0067),
        new("GBP", "pound", "pounds", 1.27), new("CHF", "Swiss franc", "Swiss francs", 1.13), new("CAD", "Canadian dollar", "Canadian dollars", 0.73),
        new("AUD", "Australian dollar", "Australian dollars", 0.66), new("CNY", "yuan", "yuan", 0.14), new("INR", "rupee", "rupees", 0.012),
        new("SEK", "Swedish krona", "Swedish kronor", 0.095), new("NOK", "Norwegian krone", "Norwegian kroner", 0.093),
        new("MXN", "Mexican peso", "Mexican pesos", 0.058), new("BRL", "real", "reais", 0.2), new("KRW", "won", "won", 0.00075),
        new("PLN", "zloty", "zloty", 0.25), new("ZAR", "rand", "rand", 0.054),
    ];

    // {b} and {q}: the currencies' names; {B} and {Q}: their codes; {bs} and {qs}: plurals.
    private static readonly string[] Phrasings =
    [
        "How many {qs} is one {b}?", "how many {qs} do I get for a {b}", "What's the {B} to {Q} rate?", "{B}/{Q} rate please",
        "Convert {bs} to {qs}", "What is the exchange rate from {B} to {Q}?", "exchange rate {b} to {q}?", "How much is a {b} in {qs}?",
        "I'm travelling, how many {qs} will one {b} buy?", "Can you check the {b} against the {q}?", "rate for {B} -> {Q}",
        "Quick one: what does a {b} cost in {qs} today?", "Please look up the current {B}-{Q} exchange rate.",
        "how much {q} for 1 {B}", "Tell me the exchange rate between the {b} and the {q}.", "whats {B} in {Q} rn",
        "I have {bs}. How many {qs} is that per {b}?", "Is the {b} strong against the {q}? What's the rate?",
        "What is one {B} worth in {Q}?", "exchnage rate {B} {Q}", "Could you tell me how many {qs} a single {b} is worth?",
        "Need the {b} to {q} conversion rate for an invoice.", "{B} to {Q}?", "What rate would I get changing {bs} into {qs}?",
    ];

    private static readonly string[] Cities = ["Oslo", "Lima", "Kyoto", "Cape Town", "Montréal", "Berlin", "Nairobi", "São Paulo", "Hanoi", "Perth"];

    private static readonly (string User, string Reply)[] SmallTalk =
    [
        ("Hi there!", "Hello! How can I help you today?"), ("Thanks, that's all.", "You're welcome!"),
        ("Tell me a joke.", "Why did the banker switch careers? He lost interest."), ("Who wrote Hamlet?", "William Shakespeare wrote Hamlet."),
        ("What is the capital of Peru?", "The capital of Peru is Lima."), ("good morning", "Good morning! What can I do for you?"),
        ("What does ISO 4217 define?", "ISO 4217 defines the three-letter currency codes, such as USD, EUR and JPY."),
        ("Can you recommend a book about money?", "A popular choice is \"The Psychology of Money\" by Morgan Housel."),
    ];

    private static readonly string[] Systems = ["You are a helpful assistant.", "You are a concise travel assistant.", "Answer briefly. Use tools when they help."];

    /// <summary>Yields <paramref name="count"/> conversations, drawing every random choice from
    /// <paramref name="rng"/> (so one seed always gives the same corpus).</summary>
    /// <param name="rng">The only source of randomness.</param>
    /// <param name="count">How many conversations to yield.</param>
    public static IEnumerable<CorpusConversation> Generate(Random rng, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var system = rng.Next(3) == 0 ? Systems[rng.Next(Systems.Length)] : null;
            var roll = rng.Next(10);
            if (roll < 7) yield return RateCall(rng, system);
            else if (roll == 7) yield return SmallTalkWith(rng, system);
            else if (roll == 8) yield return WeatherWithRateOnly(rng, system);
            else yield return MoneyWithWeatherOnly(rng, system);
        }
    }

    private static CorpusConversation RateCall(Random rng, string? system)
    {
        var (b, q) = Pair(rng);
        var user = Fill(Pick(rng, Phrasings), b, q);
        var rate = b.UsdValue / q.UsdValue * (0.97 + rng.NextDouble() * 0.06);
        var rateText = rate.ToString(rate >= 10 ? "0.##" : "0.####", CultureInfo.InvariantCulture);
        var result = new JsonObject { ["base"] = b.Code, ["quote"] = q.Code, ["rate"] = Math.Round(rate, 4) }.ToJsonString();
        var answer = rng.Next(2) == 0 ? $"1 {b.Code} = {rateText} {q.Code}." : $"One {b.Name} buys {rateText} {q.Plural}.";
        return Conversations.WithCall(Offer(rng), user, "get_exchange_rate", new JsonObject { ["base"] = b.Code, ["quote"] = q.Code }, result, answer, system);
    }

    private static CorpusConversation SmallTalkWith(Random rng, string? system)
    {
        var (user, reply) = Pick(rng, SmallTalk);
        return Conversations.Plain(Offer(rng), user, reply, system);
    }

    private static CorpusConversation WeatherWithRateOnly(Random rng, string? system)
    {
        var city = Pick(rng, Cities);
        return Conversations.Plain([CorpusTools.GetExchangeRate()], $"What's the weather like in {city}?",
            $"I can't check the weather for {city} here: I can only look up exchange rates.", system);
    }

    private static CorpusConversation MoneyWithWeatherOnly(Random rng, string? system)
    {
        var (b, q) = Pair(rng);
        return Conversations.Plain([CorpusTools.GetWeather()], Fill(Pick(rng, Phrasings), b, q),
            "I can't look up exchange rates with the tools I have; I can only check the weather.", system);
    }

    /// <summary>The rate tool, with the weather tool before or after it half the time.</summary>
    private static List<JsonObject> Offer(Random rng) => rng.Next(4) switch
    {
        0 => [CorpusTools.GetWeather(), CorpusTools.GetExchangeRate()],
        1 => [CorpusTools.GetExchangeRate(), CorpusTools.GetWeather()],
        _ => [CorpusTools.GetExchangeRate()],
    };

    private static (Currency Base, Currency Quote) Pair(Random rng)
    {
        var b = Pick(rng, Currencies);
        Currency q;
        do q = Pick(rng, Currencies); while (q == b);
        return (b, q);
    }

    private static string Fill(string phrasing, Currency b, Currency q) => phrasing
        .Replace("{bs}", b.Plural).Replace("{qs}", q.Plural).Replace("{b}", b.Name).Replace("{q}", q.Name)
        .Replace("{B}", b.Code).Replace("{Q}", q.Code);

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
