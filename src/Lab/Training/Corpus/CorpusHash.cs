using System.Security.Cryptography;
using System.Text;

namespace Workbench.Lab.Training.Corpus;

/// <summary>The corpus's identity: SHA-256 (FIPS 180-4) of the UTF-8 bytes of its canonical JSONL
/// (<see cref="CorpusJsonl.Write"/>), as 64 lower-case hex digits.</summary>
public static class CorpusHash
{
    /// <summary>The hash of <paramref name="conversations"/> in order.</summary>
    public static string Compute(IEnumerable<CorpusConversation> conversations)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var writer = new StringWriter();
        foreach (var chunk in conversations.Chunk(512))
        {
            writer.GetStringBuilder().Clear();
            CorpusJsonl.Write(writer, chunk);
            hash.AppendData(Encoding.UTF8.GetBytes(writer.ToString()));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
