using Workbench.Engine.Memory;
using Workbench.Engine.Memory.Catalog;
using Xunit;

namespace Workbench.Engine.Tests.Memory;

public sealed class ModelShapeCatalogTests
{
    private static readonly ModelShapeCatalog Catalog = ModelShapeCatalog.Default;

    [Fact]
    public void Default_HoldsTheLessonsModelsWithTheirConfigSources()
    {
        string[] lesson = ["qwen2.5-coder-1.5b", "qwen2.5-coder-7b", "qwen2.5-coder-32b", "qwen3-coder-30b-a3b",
            "deepseek-coder-v2", "deepseek-coder-v2-lite", "codellama-70b", "llama-3.1-8b", "llama-3.1-70b"];
        Assert.All(lesson, id => Assert.NotNull(Catalog.Find(id)));
        Assert.All(Catalog.Models, m => Assert.Equal($"https://huggingface.co/{m.HfRepo}/blob/main/config.json", m.Source));
        Assert.All(Catalog.Models, m => Assert.False(string.IsNullOrWhiteSpace(m.ParametersSource)));
    }

    /// <summary>The stated count (the model card's, rounded to 2–3 significant digits: "15.7B", "32.5B") and the
    /// count the shape implies tensor by tensor agree within 1 %: a wrong layer count, width or expert count would
    /// miss by far more.</summary>
    [Fact]
    public void EveryModel_ParametersFromShape_WithinOnePercentOfStatedCount()
    {
        Assert.All(Catalog.Models, m =>
        {
            double ratio = (double)m.Shape.CountParameters() / m.Shape.Parameters;
            Assert.True(Math.Abs(ratio - 1) < 0.01, $"{m.Id}: shape gives {m.Shape.CountParameters():N0}, stated {m.Shape.Parameters:N0}");
        });
    }

    [Theory]
    [InlineData("qwen3-coder-30b-a3b", 3.3e9)]   // model card: 3.3B activated
    [InlineData("deepseek-coder-v2", 21e9)]      // model card: 21B active
    public void MoeModels_ActiveParameters_MatchTheModelCard(string id, double statedActive)
    {
        var shape = Catalog.Find(id)!.Shape;
        Assert.InRange(shape.CountActiveParameters(), statedActive * 0.97, statedActive * 1.03);
        Assert.True(shape.CountRoutedExpertParameters() > shape.CountParameters() / 2);
    }

    [Fact]
    public void Llama31_8B_ShapeGivesLlamaCppsExactParameterCount()
    {
        // llama.cpp's table (tools/quantize) and its load log measure Llama-3-8B at 8,030,261,248 parameters.
        Assert.Equal(WeightType.Llama3_8BParameters, Catalog.Find("llama-3.1-8b")!.Shape.CountParameters());
    }

    [Fact]
    public void DeepSeekMla_CachesTheLatentNotTheHeads()
    {
        var shape = Catalog.Find("deepseek-coder-v2")!.Shape;
        long perToken = VramEstimator.KvBytesPerToken(shape, KvCacheType.F16);
        Assert.Equal(shape.Layers * (512 + 64) * 2L, perToken);
        var plain = shape with { Mla = null };
        Assert.Equal(shape.Layers * 128L * (192 + 128) * 2, VramEstimator.KvBytesPerToken(plain, KvCacheType.F16));
    }

    [Fact]
    public void GpuTiers_AreTheLessonsFour_InOrder()
    {
        Assert.Equal(["8-12", "16-24", "48-96", "80+"], Catalog.GpuTiers.Select(t => t.Id));
        Assert.All(Catalog.GpuTiers, t => { Assert.NotEmpty(t.Examples); Assert.All(t.Examples, c => Assert.InRange(c.GiB, t.MinGiB, t.MaxGiB)); Assert.True(t.MinGiB >= 8); });
        var tier = Catalog.GpuTiers[1];
        Assert.Equal(GpuTierFit.AllCards, tier.Fit((long)(16 * GpuTier.BytesPerGiB)));
        Assert.Equal(GpuTierFit.LargerCards, tier.Fit((long)(16 * GpuTier.BytesPerGiB) + 1));
        Assert.Equal(GpuTierFit.None, tier.Fit((long)(24 * GpuTier.BytesPerGiB) + 1));
    }

    [Fact]
    public void Parse_RepeatedId_IsInvalidData()
    {
        const string json = """{"models":[{"id":"a","name":"A","hf_repo":"x/a","source":"s","parameters_source":"p","notes":"","shape":{"architecture":"llama"}},{"id":"A","name":"A","hf_repo":"x/a","source":"s","parameters_source":"p","notes":"","shape":{"architecture":"llama"}}],"gpu_tiers":[{"id":"t","name":"t","min_gib":1,"max_gib":2,"examples":[]}]}""";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.Throws<InvalidDataException>(() => ModelShapeCatalog.Parse(stream));
    }
}
