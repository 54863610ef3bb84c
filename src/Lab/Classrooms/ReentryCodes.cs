using System.Security.Cryptography;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Students' personal re-entry codes: <see cref="Length"/> characters from <see cref="JoinCodes.Alphabet"/> (no
/// 0/O, 1/I/L), shown as three groups of four (<c>K7Q2-M9XD-4HNB</c>). Issued at join and by an instructor's reset,
/// shown once; only a <see cref="PasswordHasher"/> hash of the normalised code is stored. Typed codes are normalised
/// like join codes (case, spaces and dashes ignored).
/// </summary>
public static class ReentryCodes
{
    /// <summary>Characters in a code: 12 (31¹² ≈ 7.9 × 10¹⁷ codes, about 59 bits).</summary>
    public const int Length = 12;

    private const int GroupLength = 4;

    /// <summary>A new random code, grouped for reading (<c>XXXX-XXXX-XXXX</c>; cryptographically random).</summary>
    public static string Generate()
    {
        var code = RandomNumberGenerator.GetItems<char>(JoinCodes.Alphabet, Length);
        return string.Join('-', Enumerable.Range(0, Length / GroupLength).Select(i => new string(code, i * GroupLength, GroupLength)));
    }

    /// <summary>The code as hashed: upper case, without spaces and dashes; null when what remains is not
    /// <see cref="Length"/> characters of the alphabet.</summary>
    /// <param name="typed">What the student typed.</param>
    public static string? Normalize(string? typed) => JoinCodes.Normalize(typed, Length);
}
