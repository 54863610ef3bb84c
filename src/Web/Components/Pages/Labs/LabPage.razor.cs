using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Content;
using Workbench.Web.Auth;

namespace Workbench.Web.Components.Pages.Labs;

/// <summary>
/// One lab: a table of contents from <see cref="LabDefinition.Sections"/>, prerequisites and objectives, then the
/// body's blocks in order — Markdown (trusted lab content, rendered as HTML), live widgets
/// (<see cref="Widgets.WidgetHost"/>) and exercise panels. <c>?demo=1</c> is the projector view: large type, no
/// solutions.
/// </summary>
public partial class LabPage
{
    private LabDefinition? _lab;
    private LabUser? _user;

    /// <summary>The lab id from the route (<c>/labs/{LabId}</c>).</summary>
    [Parameter] public string LabId { get; set; } = "";

    /// <summary><c>?demo=1</c>: projector view.</summary>
    [SupplyParameterFromQuery(Name = "demo")] public string? Demo { get; set; }

    [Inject] private ILabCatalog Catalog { get; set; } = default!;
    [Inject] private AuthenticationStateProvider AuthState { get; set; } = default!;

    private bool IsDemo => Demo is "1" or "true" or "on";
    private string DemoQuery => IsDemo ? "?demo=1" : "";

    /// <summary>
    /// A Markdown block's HTML; the body's own leading <c>&lt;h1&gt;</c> repeating the lab title is left out, as the
    /// page header already shows the title (one h1 per page).
    /// </summary>
    private string HtmlOf(MarkdownBlock block)
    {
        if (_lab is null || !ReferenceEquals(block, _lab.Blocks.FirstOrDefault(b => b is MarkdownBlock))) return block.Html;
        var match = LeadingHeading().Match(block.Html);
        return match.Success && string.Equals(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value).Trim(), _lab.Title, StringComparison.Ordinal)
            ? block.Html[match.Length..]
            : block.Html;
    }

    [GeneratedRegex(@"^\s*<h1[^>]*>(.*?)</h1>\s*", RegexOptions.Singleline)]
    private static partial Regex LeadingHeading();

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        _lab = Catalog.FindLab(LabId);
        _user ??= LabUser.FromPrincipal((await AuthState.GetAuthenticationStateAsync()).User);
    }
}
