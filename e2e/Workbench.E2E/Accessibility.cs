using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Workbench.E2E;

/// <summary>
/// Accessibility checks with axe-core (npm <c>axe-core</c>, pinned by <c>e2e/Workbench.E2E/package-lock.json</c> and
/// copied beside the test assembly as <c>axe/axe.min.js</c> by the build): the script is injected into the page with
/// Playwright's <see cref="IPage.AddScriptTagAsync"/> and <c>axe.run</c> checks the whole document against the WCAG
/// 2.0/2.1/2.2 A and AA rules and axe's best practices.
/// </summary>
public static class Accessibility
{
    /// <summary>The impacts that fail a test (axe's scale: minor, moderate, serious, critical).</summary>
    public static readonly IReadOnlySet<string> FailingImpacts = new HashSet<string>(StringComparer.Ordinal) { "serious", "critical" };

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");
        return File.Exists(path) ? File.ReadAllText(path)
            : throw new FileNotFoundException($"axe-core not found at {path}: the E2E build copies it from npm (npm ci in e2e/Workbench.E2E).", path);
    });

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs axe-core on the page as it is now and fails with one paragraph per serious or critical
    /// violation: rule id, impact, what it means, its help page, and each offending element's CSS selector, HTML
    /// and axe's failure summary.</summary>
    /// <param name="page">A loaded page of the app (wait for what it should show first).</param>
    /// <param name="what">Names the page or state in the failure message, for example <c>"lab 03"</c>.</param>
    /// <exception cref="Xunit.Sdk.XunitException">At least one serious or critical violation was found.</exception>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        var violations = await RunAsync(page);
        var failing = violations.Where(v => v.Impact is { } impact && FailingImpacts.Contains(impact)).ToList();
        if (failing.Count > 0) throw new Xunit.Sdk.XunitException(Describe(what, page.Url, failing));
    }

    /// <summary>Every axe violation on the page, whatever its impact.</summary>
    /// <param name="page">A loaded page of the app.</param>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.AddScriptTagAsync(new() { Content = AxeSource.Value });
        var json = await page.EvaluateAsync<string>(
            """
            async () => {
              const result = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
                resultTypes: ['violations'],
              });
              return JSON.stringify(result.violations);
            }
            """);
        return JsonSerializer.Deserialize<List<AxeViolation>>(json, Json) ?? [];
    }

    private static string Describe(string what, string url, IReadOnlyList<AxeViolation> violations)
    {
        var text = new StringBuilder($"axe-core found {violations.Count} serious or critical violation(s) on {what} ({url}):");
        foreach (var v in violations)
        {
            text.Append($"\n\n[{v.Impact}] {v.Id}: {v.Help} ({v.HelpUrl})");
            foreach (var node in v.Nodes.Take(8))
            {
                text.Append($"\n  - {node.Target.GetRawText()}\n    {Shorten(node.Html)}");
                if (!string.IsNullOrWhiteSpace(node.FailureSummary))
                    text.Append("\n    ").Append(node.FailureSummary.Replace("\n", "\n    ", StringComparison.Ordinal));
            }
            if (v.Nodes.Count > 8) text.Append($"\n  … and {v.Nodes.Count - 8} more element(s)");
        }
        return text.ToString();
    }

    private static string Shorten(string html) => html.Length <= 200 ? html : html[..200] + "…";
}

/// <summary>One axe-core rule violation (axe's <c>results.violations[]</c>).</summary>
/// <param name="Id">The rule id, for example <c>color-contrast</c>.</param>
/// <param name="Impact"><c>minor</c>, <c>moderate</c>, <c>serious</c> or <c>critical</c>.</param>
/// <param name="Help">The rule's one-line description.</param>
/// <param name="HelpUrl">Deque's page on the rule.</param>
/// <param name="Nodes">The offending elements.</param>
public sealed record AxeViolation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<AxeNode> Nodes);

/// <summary>One element that violates a rule.</summary>
/// <param name="Target">CSS selectors of the element: an array of strings (nested arrays for shadow DOM).</param>
/// <param name="Html">The element's outer HTML (axe shortens it).</param>
/// <param name="FailureSummary">What to fix, as axe words it.</param>
public sealed record AxeNode(
    JsonElement Target,
    string Html,
    string? FailureSummary);
