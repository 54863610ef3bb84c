using System.Text;

namespace Workbench.Engine.Training.Tokenization;

/// <summary>
/// Trains a byte-level BPE vocabulary (GPT-2's algorithm, Sennrich et al. 2016 "Neural Machine Translation of Rare
/// Words with Subword Units", over bytes as in Radford et al. 2019) for llama.cpp's <c>gpt2</c> tokenizer with the
/// <see cref="BpePreTokenizer"/> (<c>qwen2</c>) split.
/// </summary>
/// <remarks>
/// The texts are cut into pre-tokens (special token texts first, never merged), which are counted into a word
/// table; every word starts as its UTF-8 bytes (ids 0–255). Each step merges the most frequent adjacent pair over
/// the table (occurrences weighted by word count); ties go to the pair with the smaller left id, then the smaller
/// right id, so the same input gives the same vocabulary. Pair counts are kept incrementally: a merge only rescans
/// the words that hold the pair (an index from pair to words) and a max-heap with lazy deletion finds the next
/// pair. A merge whose text is already a token (two pairs spelling the same bytes) adds the merge but no token. A
/// merge that would spell a special token's text is skipped. Training stops at the wanted size or when no pair
/// occurs <see cref="BpeTrainingOptions.MinFrequency"/> times. Runs on the calling thread.
/// </remarks>
public static class BpeTokenizerTrainer
{
    /// <summary>Trains a vocabulary on <paramref name="texts"/>.</summary>
    /// <param name="texts">The training texts (each pre-tokenized on its own; special token texts inside are cut out).</param>
    /// <param name="options">Size, special tokens and minimum pair frequency; validated first.</param>
    /// <param name="cancellationToken">Checked between texts and between merges.</param>
    /// <returns>The vocabulary: the 256 byte tokens, the merged tokens, then the special tokens in the options'
    /// order; at most <see cref="BpeTrainingOptions.VocabSize"/> tokens, fewer when the corpus runs out of pairs.
    /// Bos, Eos and Pad are unset.</returns>
    /// <exception cref="ArgumentException">Invalid options (<see cref="BpeTrainingOptions.Validate"/>), or a null text.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static BpeVocabulary Train(IEnumerable<string> texts, BpeTrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        string[] specials = options.SpecialTokens.Select(s => s.Text).ToArray();
        Dictionary<string, int> counts = CountWords(texts, specials, cancellationToken);

        var tokens = new List<string>(options.VocabSize);
        for (int b = 0; b < 256; b++) tokens.Add(ByteLevelAlphabet.ToChar((byte)b).ToString());
        var merges = new List<string>();
        var state = new MergeState(counts);
        var tokenIds = tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var banned = new HashSet<string>(specials, StringComparer.Ordinal);
        int target = options.VocabSize - specials.Length;

        while (tokens.Count < target && state.TryPopBest(out int left, out int right, out long count))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (count < options.MinFrequency) break;
            string text = tokens[left] + tokens[right];
            if (banned.Contains(text))
            {
                state.Drop(left, right);
                continue;
            }
            if (!tokenIds.TryGetValue(text, out int id))
            {
                id = tokens.Count;
                tokens.Add(text);
                tokenIds.Add(text, id);
            }
            merges.Add(tokens[left] + " " + tokens[right]);
            state.Merge(left, right, id);
        }

        var types = Enumerable.Repeat(GgufTokenType.Normal, tokens.Count).ToList();
        foreach (var (text, type) in options.SpecialTokens)
        {
            tokens.Add(text);
            types.Add(type);
        }
        return new BpeVocabulary(tokens, types, merges, BpePreTokenizer.Name);
    }

    /// <summary>Pre-token counts over all texts (the word table).</summary>
    internal static Dictionary<string, int> CountWords(IEnumerable<string> texts, IReadOnlyList<string> specials, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (string text in texts)
        {
            if (text is null) throw new ArgumentException("A training text is null.", nameof(texts));
            cancellationToken.ThrowIfCancellationRequested();
            BpePreTokenizer.ForEachPiece(text, specials, (piece, special) =>
            {
                if (special) return;
                if (lookup.TryGetValue(piece, out int n))
                    lookup[piece] = n + 1;
                else
                    lookup[piece] = 1;
            });
        }
        return counts;
    }

    /// <summary>The word table as id sequences, the pair counts, the pair → words index and the heap.</summary>
    private sealed class MergeState
    {
        private readonly List<int[]> _words = [];
        private readonly List<long> _wordCounts = [];
        private readonly Dictionary<long, long> _pairCounts = [];
        private readonly Dictionary<long, List<int>> _pairWords = [];
        private readonly PriorityQueue<long, (long Count, int Left, int Right)> _heap = new(HeapOrder.Instance);
        private int[] _visited = [];
        private int _stamp;

        public MergeState(Dictionary<string, int> counts)
        {
            foreach (var (word, count) in counts)
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(word);
                if (utf8.Length < 2) continue; // a single byte holds no pair
                int index = _words.Count;
                _words.Add(utf8.Select(b => (int)b).ToArray());
                _wordCounts.Add(count);
                for (int i = 0; i + 1 < utf8.Length; i++)
                {
                    long key = Key(utf8[i], utf8[i + 1]);
                    _pairCounts[key] = _pairCounts.GetValueOrDefault(key) + count;
                    AddWord(key, index);
                }
            }
            _visited = new int[_words.Count];
            foreach (var (key, count) in _pairCounts) Push(key, count);
        }

        /// <summary>Pops the pair with the highest current count (ties: smaller left, then right id).</summary>
        public bool TryPopBest(out int left, out int right, out long count)
        {
            while (_heap.TryDequeue(out long key, out var entry))
            {
                long current = _pairCounts.GetValueOrDefault(key);
                if (current <= 0) continue;
                if (current != entry.Count)
                {
                    Push(key, current); // counts of old pairs only fall, so the stale entry goes back in place
                    continue;
                }
                (left, right, count) = (entry.Left, entry.Right, current);
                return true;
            }
            (left, right, count) = (0, 0, 0);
            return false;
        }

        /// <summary>Forgets a pair that may not be merged.</summary>
        public void Drop(int left, int right) => _pairCounts.Remove(Key(left, right));

        /// <summary>Replaces every (left, right) by <paramref name="id"/> in the words holding it, updating the counts.</summary>
        public void Merge(int left, int right, int id)
        {
            long merged = Key(left, right);
            if (!_pairWords.Remove(merged, out var holders)) return;
            _pairCounts.Remove(merged);
            _stamp++;
            var touched = new HashSet<long>();
            foreach (int w in holders)
            {
                if (_visited[w] == _stamp) continue;
                _visited[w] = _stamp;
                int[] word = _words[w];
                int[]? replaced = Replace(word, left, right, id);
                if (replaced is null) continue; // a stale index entry
                long count = _wordCounts[w];
                for (int i = 0; i + 1 < word.Length; i++)
                {
                    long key = Key(word[i], word[i + 1]);
                    if (key != merged) Add(key, -count);
                }
                for (int i = 0; i + 1 < replaced.Length; i++)
                {
                    long key = Key(replaced[i], replaced[i + 1]);
                    Add(key, count);
                    if (replaced[i] == id || replaced[i + 1] == id)
                    {
                        touched.Add(key);
                        AddWord(key, w);
                    }
                }
                _words[w] = replaced;
            }
            foreach (long key in touched)
            {
                if (_pairCounts.TryGetValue(key, out long c) && c > 0) Push(key, c);
            }
        }

        private static int[]? Replace(int[] word, int left, int right, int id)
        {
            int n = 0;
            for (int i = 0; i + 1 < word.Length; i++)
            {
                if (word[i] == left && word[i + 1] == right) { n++; i++; }
            }
            if (n == 0) return null;
            var result = new int[word.Length - n];
            int j = 0;
            for (int i = 0; i < word.Length; i++)
            {
                if (i + 1 < word.Length && word[i] == left && word[i + 1] == right)
                {
                    result[j++] = id;
                    i++;
                }
                else
                {
                    result[j++] = word[i];
                }
            }
            return result;
        }

        private void Add(long key, long delta)
        {
            long value = _pairCounts.GetValueOrDefault(key) + delta;
            if (value <= 0) _pairCounts.Remove(key);
            else _pairCounts[key] = value;
        }

        private void AddWord(long key, int word)
        {
            if (!_pairWords.TryGetValue(key, out var list)) _pairWords[key] = list = [];
            if (list.Count == 0 || list[^1] != word) list.Add(word);
        }

        private void Push(long key, long count) => _heap.Enqueue(key, (count, (int)(key >> 32), (int)(key & 0xFFFFFFFF)));

        private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
    }

    /// <summary>Max-heap order: higher count first, then smaller left id, then smaller right id.</summary>
    private sealed class HeapOrder : IComparer<(long Count, int Left, int Right)>
    {
        public static readonly HeapOrder Instance = new();

        public int Compare((long Count, int Left, int Right) x, (long Count, int Left, int Right) y)
        {
            int c = y.Count.CompareTo(x.Count);
            if (c != 0) return c;
            c = x.Left.CompareTo(y.Left);
            return c != 0 ? c : x.Right.CompareTo(y.Right);
        }
    }
}
