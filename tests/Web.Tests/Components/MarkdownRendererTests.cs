using Microsoft.Extensions.DependencyInjection;
using Xunit;
using AngleSharp.Html.Parser;
using Bunit;
using Workbench.Web.Components.Pages.Chat;
using Workbench.Web.Rendering;

namespace Workbench.Web.Tests.Components;

/// <summary>Model output is untrusted: raw HTML is escaped, unsafe URLs are dropped.</summary>
public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Fact]
    public void ToHtml_RawHtml_IsEscapedNotRendered()
    {
        var html = _renderer.ToHtml("Hello **world** <script>alert('x')</script> <img src=x onerror=alert(1)>\n\n<div onclick=\"x()\">block</div>");

        var doc = new HtmlParser().ParseDocument($"<body>{html}</body>");
        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.Empty(doc.QuerySelectorAll("img"));
        Assert.Empty(doc.QuerySelectorAll("div"));
        Assert.NotNull(doc.QuerySelector("strong"));
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("<script>alert('x')</script>", doc.Body!.TextContent);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JavaScript:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("![img](javascript:alert(1))")]
    public void ToHtml_UnsafeUrl_BecomesHash(string markdown)
    {
        var doc = new HtmlParser().ParseDocument(_renderer.ToHtml(markdown));
        var element = doc.QuerySelector("a, img")!;
        Assert.Equal("#", element.GetAttribute("href") ?? element.GetAttribute("src"));
    }

    [Fact]
    public void ToHtml_SafeMarkdown_RendersStructure()
    {
        var doc = new HtmlParser().ParseDocument(_renderer.ToHtml("# Title\n\n- a\n- b\n\n[site](https://example.org) `code`\n\n| x | y |\n|---|---|\n| 1 | 2 |"));
        Assert.NotNull(doc.QuerySelector("h1"));
        Assert.Equal(2, doc.QuerySelectorAll("li").Length);
        Assert.Equal("https://example.org", doc.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(doc.QuerySelector("code"));
        Assert.NotNull(doc.QuerySelector("table"));
    }

    [Fact]
    public void MessageView_ModelOutputWithScript_RendersNoScriptElement()
    {
        using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(_renderer);
        var turn = new ChatTurn("assistant");
        turn.Append("Sure: <script>document.body.remove()</script> and <b>bold</b>");

        var cut = ctx.Render<ChatMessageView>(p => p.Add(v => v.Turn, turn));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("[aria-label='Reply text'] b"));
        Assert.Contains("<script>", cut.Find("[aria-label='Reply text']").TextContent);
    }
}
