using Xunit;
using System.Globalization;
using Bunit;
using Workbench.Engine.Models;
using Workbench.Lab.Storage;
using Workbench.Web.Components.Pages.Model;

namespace Workbench.Web.Tests.Components;

/// <summary>The model page on the real engine.</summary>
[Collection(EngineCollection.Name)]
public sealed class ModelPageTests(EngineFixture fixture)
{
    /// <summary>The UI context with a signed-in user of <paramref name="role"/> (the page asks the real
    /// <c>WorkbenchPolicies.AllowsEngineControl</c> rule about them).</summary>
    private BunitContext Context(string role = LabRoles.Learner)
    {
        var ctx = UiTestContext.Create(fixture);
        var auth = ctx.AddAuthorization();
        auth.SetAuthorized(role == LabRoles.Learner ? "You" : "Ada");
        auth.SetRoles(role);
        return ctx;
    }

    [Fact]
    public void Render_LoadedModel_ShowsItsMetadata()
    {
        using var ctx = Context();
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
        using var ctx = Context();
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
        using var ctx = Context();
        var before = fixture.Engine.Model;
        var cut = ctx.Render<ModelPage>();
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}.gguf");

        cut.Find("#model-path").Input(missing);
        cut.Find("form.wb-load-path").Submit();

        cut.WaitForAssertion(() => Assert.Contains(ModelCatalog.NotLoadableMessage, cut.Find("[aria-label='Load error']").TextContent), TimeSpan.FromSeconds(30));
        Assert.Same(before, fixture.Engine.Model); // the loaded model keeps serving
        Assert.NotEmpty(cut.FindAll("[aria-label='Model metadata'] tr"));
    }

    /// <summary>Issue 10, finding 5: the page loaded any readable .gguf on the host. A real model outside the model
    /// folders now gets the same error as a missing file, and the loaded model keeps serving.</summary>
    [Fact]
    public void LoadByPath_ARealModelOutsideTheModelFolders_IsRefusedLikeAMissingFile()
    {
        using var ctx = Context();
        var before = fixture.Engine.Model;
        var outside = Directory.CreateTempSubdirectory("wb-outside-").FullName;
        try
        {
            var copy = Path.Combine(outside, "copy.gguf");
            File.Copy(before!.Path, copy);
            var cut = ctx.Render<ModelPage>();

            cut.Find("#model-path").Input(copy);
            cut.Find("form.wb-load-path").Submit();

            cut.WaitForAssertion(() => Assert.Contains(ModelCatalog.NotLoadableMessage, cut.Find("[aria-label='Load error']").TextContent), TimeSpan.FromSeconds(30));
            Assert.Same(before, fixture.Engine.Model);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    /// <summary>Issue 10, finding 5: in classroom mode a student could load a model for the whole class from this
    /// page. A student now sees the model read-only, with the reason, and no load control.</summary>
    [Fact]
    public void Render_AsStudent_IsReadOnly_AndSaysWhy()
    {
        using var ctx = Context(LabRoles.Student);

        var cut = ctx.Render<ModelPage>();

        Assert.NotEmpty(cut.FindAll("[aria-label='Model metadata'] tr"));
        Assert.Contains(cut.FindAll("[aria-label='Model files'] li"), li => li.TextContent.Contains(EngineFixture.ModelFileName));
        Assert.Empty(cut.FindAll("button[aria-label^='Load']"));
        Assert.Empty(cut.FindAll("#model-path"));
        Assert.Contains("only the instructor loads or switches the model", cut.Find("[role='note'][aria-label='Engine control']").TextContent);
    }

    [Theory]
    [InlineData(LabRoles.Learner)]
    [InlineData(LabRoles.Instructor)]
    public void Render_WithEngineControl_OffersTheLoadControls(string role)
    {
        using var ctx = Context(role);

        var cut = ctx.Render<ModelPage>();

        Assert.NotEmpty(cut.FindAll($"button[aria-label='Load {EngineFixture.ModelFileName}']"));
        Assert.Single(cut.FindAll("#model-path"));
        Assert.Empty(cut.FindAll("[aria-label='Engine control']"));
    }
}
