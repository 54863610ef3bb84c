using System.Text.Json.Nodes;
using Workbench.LabSdk.Corpus;

/// <summary>Writes training conversations for the new tool <c>get_exchange_rate {base, quote}</c>.</summary>
public static class CorpusGenerator
{
    /// <summary>Yields <paramref name="count"/> conversations, drawing every random choice from
    /// <paramref name="rng"/> (so one seed always gives the same corpus).</summary>
    /// <param name="rng">The only source of randomness.</param>
    /// <param name="count">How many conversations to yield.</param>
    public static IEnumerable<CorpusConversation> Generate(Random rng, int count)
    {
        // TODO 1. Lists: currencies (ISO code, name, plural, symbol: USD dollar dollars $, JPY yen, EUR euro, GBP pound…)
        //         and many phrasings ("how many {quote} is a {base}", "convert {base} to {quote}", "{base}/{quote} rate?", …).
        // TODO 2. Most conversations: offer CorpusTools.GetExchangeRate() (sometimes with CorpusTools.GetWeather()),
        //         the user asks for a rate, and the assistant calls it with {"base": "USD", "quote": "JPY"}
        //         (Conversations.WithCall), then answers with the result.
        // TODO 3. Some conversations where the tool does not fit (small talk, a fact, the weather with only the rate
        //         tool offered, money with only the weather tool): a plain reply (Conversations.Plain).
        yield break;
    }
}
