using System.Text.Json.Nodes;
using Workbench.Engine.Templates;
using Workbench.Engine.Templates.Builtin;
using Workbench.Lab.Training.Corpus;

namespace Workbench.Lab.Tests.Training;

public sealed class ConversationRendererTests
{
    private static readonly ConversationRenderer Renderer = new();

    [Fact]
    public void Render_SegmentsConcatenate_ToTheFullRender_AndOnlyAssistantRepliesTrain()
    {
        foreach (var c in new ToolCorpusGenerator(11).Generate(300, CorpusSplit.Train))
        {
            var segments = Renderer.Render(c);
            string full = HfChatTemplate.Render(HermesChatMlTemplate.Source, new ChatTemplateInput(
                new JsonArray([.. c.Messages.Select(m => m.DeepClone())]), new JsonArray([.. c.Tools.Select(t => t.DeepClone())]), AddGenerationPrompt: false));

            Assert.Equal(full, string.Concat(segments.Select(s => s.Text)));
            var trained = segments.Where(s => s.Train).ToList();
            Assert.Equal(c.Messages.Count(m => (string?)m["role"] == "assistant"), trained.Count);
            Assert.All(trained, s =>
            {
                Assert.EndsWith("<|im_end|>", s.Text);
                Assert.DoesNotContain("<|im_start|>", s.Text);
                Assert.Equal(1, CountOf(s.Text, "<|im_end|>"));
            });
            // Every train segment follows an assistant header; the "\n" after <|im_end|> is not trained.
            for (int i = 0; i < segments.Count; i++)
            {
                if (!segments[i].Train) continue;
                Assert.EndsWith("<|im_start|>assistant\n", segments[i - 1].Text);
                if (i + 1 < segments.Count) Assert.StartsWith("\n", segments[i + 1].Text);
            }
            // Each trained segment is exactly its assistant message: the text, or the Hermes call block.
            var replies = c.Messages.Where(m => (string?)m["role"] == "assistant").ToList();
            Assert.All(replies.Zip(trained), p => Assert.Equal(
                p.First["tool_calls"] is null ? (string)p.First["content"]! + "<|im_end|>" : p.Second.Text,
                p.Second.Text));
            Assert.All(replies.Zip(trained).Where(p => p.First["tool_calls"] is not null), p => Assert.StartsWith("<tool_call>\n{\"name\": ", p.Second.Text));
        }
    }

    [Fact]
    public void Render_ToolCall_TrainsTheHermesCallBlock()
    {
        var c = new ToolCorpusGenerator(5).Generate(50, CorpusSplit.Train).First(c => c.Expected.ToolName == "get_weather" || c.Expected.ToolName == "get_time");
        var call = Renderer.Render(c).First(s => s.Train);

        string args = c.Expected.Arguments!.ToJsonString();
        Assert.StartsWith("<tool_call>\n{\"name\": \"" + c.Expected.ToolName + "\", \"arguments\": {", call.Text);
        Assert.EndsWith("}}\n</tool_call><|im_end|>", call.Text);
        Assert.Contains((string)c.Expected.Arguments!["city"]!, call.Text);
    }

    [Fact]
    public void RenderPrompt_IsWhatPrecedesTheFirstReply_EndingWithTheGenerationPrompt()
    {
        var c = new ToolCorpusGenerator(5).Generate(1, CorpusSplit.HeldOut)[0];
        string prompt = Renderer.RenderPrompt(c.Tools, c.PromptMessages);
        var segments = Renderer.Render(c);

        Assert.EndsWith("<|im_start|>assistant\n", prompt);
        Assert.Equal(prompt, segments[0].Text);
        Assert.Contains("# Tools", prompt);
        Assert.Contains("\"name\": \"" + c.ToolNames[0] + "\"", prompt);
    }

    [Fact]
    public void Render_TemplateBreakingThePrefixProperty_IsRefused()
    {
        // Writes the number of messages first, so a shorter conversation is no prefix of a longer one.
        var renderer = new ConversationRenderer("{{ messages | length }}{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}");
        var messages = new List<JsonObject> { ToolCorpusGenerator.Message("user", "hi"), ToolCorpusGenerator.Message("assistant", "hello") };

        var e = Assert.Throws<InvalidOperationException>(() => renderer.Render([], messages));
        Assert.Contains("prefix property", e.Message);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
