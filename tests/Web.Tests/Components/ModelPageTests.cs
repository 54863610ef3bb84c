using Xunit;
using System.Globalization;
using Bunit;
using Workbench.Web.Components.Pages.Model;

namespace Workbench.Web.Tests.Components;

/// <summary>The model page on the real engine.</summary>
[Collection(EngineCollection.Name)]
public sealed class ModelPageTests(EngineFixture fixture)
{
    [Fact]
    public void Render_LoadedModel_ShowsItsMetadata()
    {
        using var ctx = UiTestContext.Create(fixture);
        var model = fixture.Engine.Model!;

        var cut = ctx.Render<ModelPage>();

        var rows = cut.FindAll("[aria-label='Model metadata'] tr")
            .ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelector("td")!.TextContent);
        Assert.Equal(model.Architecture, rows["Architecture"]);
        Assert.Equal(model.FileType, rows["File type"]);
        Assert.Equal(model.EmbeddingLength.ToString(CultureInfo.InvariantCulture), rows["Embedding length"]);
        Assert.Equal(model.LayerCount.ToString(CultureInfo.InvariantCulture), rows["Layers"]);
        Assert.Equal(model.HeadCountKv.ToString(CultureInfo.InvariantCulture), rows["KV heads"]);
        Assert.Equal(model.ContextSize.ToString(CultureInfo.InvariantCulture), rows["Context window (n_ctx)"]);
        Assert.Contains(model.VocabSize.ToString("N0", CultureInfo.InvariantCulture), rows["Vocabulary"]);
        Assert.Contains(cut.FindAll("[aria-label='Model files'] li"), li => li.TextContent.Contains(EngineFixture.ModelFileName));
        Assert.Contains("general.architecture", cut.Markup);
    }

    [Fact]
    public void Search_FiltersTheKeyValueList()
    {
        using var ctx = UiTestContext.Create(fixture);
        var cut = ctx.Render<ModelPage>();

        cut.Find("#metadata-search").Input("general.architecture");

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("general.architecture", cut.Markup);
            Assert.DoesNotContain("tokenizer.ggml.model", cut.Markup);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void LoadByPath_MissingFile_ShowsAClearError()
    {
        using var ctx = UiTestContext.Create(fixture);
        var before = fixture.Engine.Model;
        var cut = ctx.Render<ModelPage>();
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}.gguf");

        cut.Find("#model-path").Input(missing);
        cut.Find("form.wb-load-path").Submit();

        cut.WaitForAssertion(() => Assert.Contains("no-such-model", cut.Find("[aria-label='Load error']").TextContent), TimeSpan.FromSeconds(30));
        Assert.Same(before, fixture.Engine.Model); // the loaded model keeps serving
        Assert.NotEmpty(cut.FindAll("[aria-label='Model metadata'] tr"));
    }
}
