using Workbench.Engine.Gguf;
using Workbench.Engine.Native;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Gguf;

/// <summary>The Engine's ggml type table against ggml's own (<c>ggml_get_type_traits</c> in libggml-base).</summary>
public sealed class GgmlTypeTraitsTests
{
    public GgmlTypeTraitsTests() => TestModels.InitializeBackend();

    [Fact]
    public void All_MatchGgmlsTypeTraits()
    {
        Assert.NotEmpty(GgmlTypeTraits.All);
        foreach (var mine in GgmlTypeTraits.All)
        {
            var theirs = GgmlReference.TypeTraits((int)mine.Type);
            Assert.Equal((theirs.Name, theirs.BlockSize, theirs.TypeSize, theirs.IsQuantized),
                (mine.Name, (long)mine.BlockSize, (long)mine.BytesPerBlock, mine.IsQuantized));
        }
    }

    [Fact]
    public void UndefinedNumbers_AreTheTypesGgmlRemoved()
    {
        for (int number = 0; number <= 42; number++)
        {
            if (GgmlTypeTraits.IsDefined(number)) continue;
            Assert.Equal(0, GgmlReference.TypeTraits(number).BlockSize);
        }
    }

    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q6_K)]
    [InlineData(GgmlType.Q2_K)]
    [InlineData(GgmlType.F16)]
    public void BitsPerWeight_IsEightTimesGgmlsBytesPerBlockOverBlockSize(GgmlType type)
    {
        var theirs = GgmlReference.TypeTraits((int)type);
        Assert.Equal(8.0 * theirs.TypeSize / theirs.BlockSize, GgmlTypeTraits.For(type).BitsPerWeight);
    }
}
