using System.Globalization;
using System.Security.Cryptography;

namespace Workbench.Lab.Classrooms;

/// <summary>
/// Password hashes for instructor accounts and students' re-entry codes (<see cref="ReentryCodes"/>): PBKDF2 with HMAC-SHA-256 (<see cref="Rfc2898DeriveBytes.Pbkdf2(string, byte[], int, HashAlgorithmName, int)"/>),
/// a random 16-byte salt per password and <see cref="Iterations"/> iterations, stored as
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c> so the cost can rise later
/// without invalidating stored hashes. Verification compares in constant time.
/// </summary>
internal static class PasswordHasher
{
    /// <summary>Iterations for new hashes: 210,000 (OWASP's 2023 figure for PBKDF2-HMAC-SHA-512 is the same order;
    /// anything below 100,000 is refused when verifying).</summary>
    public const int Iterations = 210_000;

    /// <summary>The fewest iterations a stored hash may have.</summary>
    public const int MinIterations = 100_000;

    private const string Prefix = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A new salted hash of <paramref name="password"/>.</summary>
    /// <param name="password">The password (not empty).</param>
    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Prefix, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="password"/> matches <paramref name="stored"/>; false for a malformed hash.</summary>
    /// <param name="password">The password typed.</param>
    /// <param name="stored">A hash from <see cref="Hash"/>.</param>
    public static bool Verify(string password, string? stored)
    {
        if (password is null || stored is null) return false;
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < MinIterations) return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (expected.Length == 0) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the time of one verification, so an unknown user name answers as slowly as a wrong password.</summary>
    /// <param name="password">The password typed.</param>
    public static void VerifyNothing(string password) => Verify(password ?? "", DummyHash.Value);

    private static readonly Lazy<string> DummyHash = new(() => Hash("not a password of anyone"));
}
