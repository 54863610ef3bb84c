using System.Text;
using System.Text.RegularExpressions;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Architecture;

/// <summary>
/// The Engine/Native wall (docs/ARCHITECTURE.md): only <c>src/Engine/Native</c> touches pointers or calls
/// <c>LlamaNative</c>; only Engine's project allows unsafe code. Scans the checkout's C# sources and MSBuild files.
/// The binding tests in <c>tests/Engine.Tests/Native</c> mirror that folder and may name <c>LlamaNative</c> (they
/// check its defaults and exports), but not <c>unsafe</c>. Comments and string literals are ignored.
/// </summary>
public partial class NativeWallTests
{
    private static readonly string[] SourceRoots = ["src", "tests", "bench", "e2e"];
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", ".git"];
    private const string NativeFolder = "src/Engine/Native/";
    private const string NativeTestsFolder = "tests/Engine.Tests/Native/";

    [Fact]
    public void Sources_OutsideEngineNative_SayNeitherUnsafeNorLlamaNative()
    {
        var offences = new List<string>();
        foreach (var file in RepoFiles("*.cs"))
        {
            if (file.StartsWith(NativeFolder, StringComparison.Ordinal)) continue;
            var code = CodeOnly(File.ReadAllText(Path.Combine(TestModels.RepoRoot, file)));
            if (UnsafeWord().IsMatch(code)) offences.Add($"{file}: unsafe");
            if (!file.StartsWith(NativeTestsFolder, StringComparison.Ordinal) && LlamaNativeWord().IsMatch(code))
                offences.Add($"{file}: LlamaNative");
        }
        Assert.True(offences.Count == 0, "Native code outside src/Engine/Native:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void ProjectFiles_OnlyEngineAllowsUnsafeBlocks()
    {
        var files = RepoFiles("*.csproj").Concat(RepoFiles("*.props")).Concat(RepoFiles("*.targets")).ToList();
        Assert.Contains("src/Engine/Engine.csproj", files);
        var allowing = files.Where(f => File.ReadAllText(Path.Combine(TestModels.RepoRoot, f)).Contains("AllowUnsafeBlocks", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(["src/Engine/Engine.csproj"], allowing);
    }

    [Fact]
    public void Sources_ScanFindsTheKnownFiles()
    {
        var files = RepoFiles("*.cs").ToList();
        Assert.Contains("src/Engine/Native/LlamaNative.cs", files);
        Assert.Contains("src/Engine/Inference/Scheduling/BatchScheduler.Decode.cs", files);
        Assert.Contains("tests/Engine.Tests/Architecture/NativeWallTests.cs", files);
        Assert.DoesNotContain(files, f => f.Contains("/obj/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("internal static unsafe class X { }", true)]
    [InlineData("unsafe { int* p = null; }", true)]
    [InlineData("// an unsafe URL is dropped\nclass X { }", false)]
    [InlineData("/* unsafe */ class X { }", false)]
    [InlineData("var s = \"unsafe\"; var t = @\"un\"\"safe unsafe\";", false)]
    [InlineData("var s = $\"{a} unsafe {b}\"; var c = 'u';", false)]
    [InlineData("var s = \"\"\"\n unsafe \"\"\";", false)]
    [InlineData("var unsafeUrls = 1;", false)]
    public void CodeOnly_KeepsCodeAndDropsCommentsAndStrings(string source, bool flagged) =>
        Assert.Equal(flagged, UnsafeWord().IsMatch(CodeOnly(source)));

    /// <summary>Repository-relative paths ('/'-separated) of the files under the source roots matching <paramref name="pattern"/>.</summary>
    private static IEnumerable<string> RepoFiles(string pattern)
    {
        var root = TestModels.RepoRoot;
        var top = Directory.EnumerateFiles(root, pattern, SearchOption.TopDirectoryOnly);
        var nested = SourceRoots.Select(r => Path.Combine(root, r)).Where(Directory.Exists).SelectMany(d => Walk(d, pattern));
        return top.Concat(nested).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Walk(string directory, string pattern)
    {
        foreach (var file in Directory.EnumerateFiles(directory, pattern)) yield return file;
        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            if (SkippedFolders.Contains(Path.GetFileName(sub))) continue;
            foreach (var file in Walk(sub, pattern)) yield return file;
        }
    }

    /// <summary>The source with comments, string and character literals blanked (a small C# lexer: regular,
    /// verbatim, interpolated and raw strings; interpolation holes are dropped with their string).</summary>
    internal static string CodeOnly(string source)
    {
        var code = new StringBuilder(source.Length);
        int i = 0;
        while (i < source.Length)
        {
            char c = source[i];
            char next = i + 1 < source.Length ? source[i + 1] : '\0';
            if (c == '/' && next == '/') { i = source.IndexOf('\n', i) is var n and >= 0 ? n : source.Length; continue; }
            if (c == '/' && next == '*') { i = source.IndexOf("*/", i + 2, StringComparison.Ordinal) is var e and >= 0 ? e + 2 : source.Length; code.Append(' '); continue; }
            if (c == '"' || c == '\'' || ((c == '@' || c == '$') && (next == '"' || next == '@' || next == '$')))
            {
                i = SkipLiteral(source, i);
                code.Append(' ');
                continue;
            }
            code.Append(c);
            i++;
        }
        return code.ToString();
    }

    private static int SkipLiteral(string s, int i)
    {
        bool verbatim = false;
        while (s[i] is '@' or '$') { verbatim |= s[i] == '@'; i++; }
        char quote = s[i];
        int quotes = 0;
        while (i + quotes < s.Length && s[i + quotes] == '"' && quote == '"') quotes++;
        if (quotes >= 3)
        {
            var end = s.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
            return end < 0 ? s.Length : end + quotes;
        }
        i++;
        while (i < s.Length)
        {
            if (!verbatim && s[i] == '\\') { i += 2; continue; }
            if (s[i] == quote)
            {
                if (verbatim && i + 1 < s.Length && s[i + 1] == quote) { i += 2; continue; }
                return i + 1;
            }
            if (!verbatim && s[i] == '\n') return i;
            i++;
        }
        return s.Length;
    }

    [GeneratedRegex(@"\bunsafe\b")]
    private static partial Regex UnsafeWord();

    [GeneratedRegex(@"\bLlamaNative\b")]
    private static partial Regex LlamaNativeWord();
}
