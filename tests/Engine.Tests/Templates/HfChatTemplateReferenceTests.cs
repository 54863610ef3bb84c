using Workbench.Engine.Templates;
using Workbench.Engine.Templates.Jinja;

namespace Workbench.Engine.Tests.Templates;

/// <summary>Every template in ../shared/templates × every conversation of <see cref="TemplateConversations"/>,
/// rendered by <see cref="HfChatTemplate"/> and by the reference renderers: byte-equal to python jinja2 (what
/// transformers runs) and to @huggingface/jinja wherever that one renders; where a template raises, both raise
/// and our message carries the template's own text and a line.</summary>
public sealed class HfChatTemplateReferenceTests
{
    private sealed record Expected(ReferenceRenderers.Result Python, ReferenceRenderers.Result Node);

    private static readonly Lazy<Dictionary<(string, string), Expected>> References = new(RenderReferences);

    private static Dictionary<(string, string), Expected> RenderReferences()
    {
        var keys = TemplateConversations.TemplateNames.SelectMany(t => TemplateConversations.ConversationsFor(t).Select(c => (t, c))).ToList();
        var cases = keys.Select(k => new ReferenceRenderers.Case(TemplateConversations.Template(k.t),
            TemplateConversations.Context(TemplateConversations.Input(k.c)), TemplateConversations.Now)).ToList();
        var python = ReferenceRenderers.RenderPython(cases);
        var node = ReferenceRenderers.RenderNode(cases);
        return keys.Select((k, i) => (k, new Expected(python[i], node[i]))).ToDictionary(x => x.k, x => x.Item2);
    }

    /// <summary>(template, conversation) pairs.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in TemplateConversations.TemplateNames)
            foreach (var c in TemplateConversations.ConversationsFor(t)) data.Add(t, c);
        return data;
    }

    [Fact]
    public void SharedTemplates_AllTwelvePresent()
    {
        Assert.Equal(12, TemplateConversations.TemplateNames.Count);
        Assert.True(Cases().Count >= 52);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_SharedTemplate_MatchesPythonJinja2(string template, string conversation)
    {
        var expected = References.Value[(template, conversation)].Python;
        var input = TemplateConversations.Input(conversation);
        if (expected.Error is null)
        {
            Assert.Equal(expected.Output, HfChatTemplate.Render(TemplateConversations.Template(template), input));
            return;
        }
        var e = Assert.Throws<JinjaException>(() => HfChatTemplate.Render(TemplateConversations.Template(template), input));
        Assert.True(e.Line >= 1 && e.Column >= 1, $"line {e.Line}, column {e.Column}");
        Assert.Contains($"line {e.Line}", e.Message, StringComparison.Ordinal);
        if (expected.Error.StartsWith("TemplateError: ", StringComparison.Ordinal))
        {
            // the template's own raise_exception: same text, marked as the template's
            Assert.True(e.RaisedByTemplate, e.Message);
            Assert.Equal(expected.Error["TemplateError: ".Length..], e.TemplateMessage);
        }
        else
        {
            // a Python error (None where a string or list was expected): ours names the same fault
            Assert.False(e.RaisedByTemplate, e.Message);
            Assert.Contains(e.TemplateMessage, expected.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_SharedTemplate_MatchesHuggingFaceJinjaWhereItRenders(string template, string conversation)
    {
        var expected = References.Value[(template, conversation)];
        var input = TemplateConversations.Input(conversation);
        if (expected.Python.Error is not null) return; // python raises: it is the arbiter (node may coerce, e.g. str + dict)
        if (expected.Node.Error is not null)
        {
            // features @huggingface/jinja 0.5.13 lacks, where python jinja2 is the arbiter
            Assert.True(NodeLacks.TryGetValue(template, out var lack) && expected.Node.Error.Contains(lack, StringComparison.Ordinal),
                $"node: {expected.Node.Error}");
            return;
        }
        Assert.Equal(expected.Node.Output, HfChatTemplate.Render(TemplateConversations.Template(template), input));
    }

    /// <summary>What @huggingface/jinja 0.5.13 cannot do that a template needs: Qwen3-Coder's
    /// <c>reject("in", list)</c>, Hermes 3's <c>undefined | trim</c> (jinja2 prints undefined as '').</summary>
    private static readonly Dictionary<string, string> NodeLacks = new()
    {
        ["qwen3-coder"] = "",
        ["hermes3-tool-use"] = "Cannot apply filter \"trim\" to type: UndefinedValue",
    };
}
