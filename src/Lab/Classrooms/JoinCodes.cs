using System.Security.Cryptography;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Class join codes: <see cref="Length"/> characters from <see cref="Alphabet"/>, which leaves out the characters
/// people confuse when reading a code off a projector (0/O, 1/I/L). Typed codes are normalised (case, spaces and
/// dashes ignored), so <c>k7q2-m9xd</c> finds <c>K7Q2M9XD</c>.
/// </summary>
public static class JoinCodes
{
    /// <summary>The characters a code is made of: A–Z without I, L, O, and 2–9 (31 characters).</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Characters in a code: 8 (31⁸ ≈ 8.5 × 10¹¹ codes).</summary>
    public const int Length = 8;

    /// <summary>A new random code (cryptographically random, uniform over the alphabet).</summary>
    public static string Generate() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>The code as stored: upper case, without spaces and dashes; null when what remains is not
    /// <see cref="Length"/> characters of the alphabet.</summary>
    /// <param name="typed">What the student typed.</param>
    public static string? Normalize(string? typed) => Normalize(typed, Length);

    /// <summary>A typed code of this alphabet as stored or hashed (join codes, <see cref="ReentryCodes"/>): upper
    /// case, without spaces, tabs and dashes; null when what remains is not exactly <paramref name="length"/>
    /// characters of <see cref="Alphabet"/>.</summary>
    /// <param name="typed">What the student typed.</param>
    /// <param name="length">The code's length in characters (≤ 64).</param>
    internal static string? Normalize(string? typed, int length)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        Span<char> code = stackalloc char[length];
        var count = 0;
        foreach (var c in typed)
        {
            if (c is '-' or ' ' or '\t') continue;
            var upper = char.ToUpperInvariant(c);
            if (count == length || !Alphabet.Contains(upper)) return null;
            code[count++] = upper;
        }
        return count == length ? new string(code) : null;
    }
}
