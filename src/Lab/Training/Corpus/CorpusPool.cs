using System.Text;

namespace Workbench.Lab.Training.Corpus;

/// <summary>Which part of a corpus pool an item belongs to, and seeded picking. An item (a phrasing, a city, a
/// number, a unit pair, a query) is held out when the 32-bit FNV-1a hash of <c>pool + "\u001f" + key</c> (UTF-8) is
/// divisible by 5 — about a fifth of every pool, fixed by the item's text alone, so the split never depends on the
/// seed or on the order of the lists.</summary>
internal static class CorpusPool
{
    /// <summary>Whether <paramref name="key"/> of <paramref name="pool"/> is in the held-out part.</summary>
    public static bool IsHeldOut(string pool, string key) => Fnv1a(pool + "\u001f" + key) % 5 == 0;

    /// <summary>The items of <paramref name="items"/> in <paramref name="split"/>'s part, in order.</summary>
    /// <exception cref="InvalidOperationException">That part is empty (a pool too small to split).</exception>
    public static IReadOnlyList<T> Part<T>(string pool, IEnumerable<T> items, Func<T, string> key, CorpusSplit split)
    {
        var part = items.Where(i => IsHeldOut(pool, key(i)) == (split == CorpusSplit.HeldOut)).ToList();
        if (part.Count == 0) throw new InvalidOperationException($"The corpus pool '{pool}' has no {split} items.");
        return part;
    }

    /// <summary>A uniformly chosen item.</summary>
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public static bool Chance(this Random random, double p) => random.NextDouble() < p;

    /// <summary>32-bit FNV-1a of the UTF-8 bytes (offset basis 2166136261, prime 16777619).</summary>
    public static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619;
        return hash;
    }
}
