using System.Text;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Tests.Generation;

public sealed class Utf8TextAssemblerTests
{
    [Theory]
    [InlineData("→ arrow")]
    [InlineData("é")]
    [InlineData("naïve 😀 emoji")]
    public void Append_BytesSplitAnywhere_AssembleToTheOriginalText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var split = 1; split < bytes.Length; split++)
        {
            var assembler = new Utf8TextAssembler();
            var result = assembler.Append(bytes.AsSpan(0, split)) + assembler.Append(bytes.AsSpan(split)) + assembler.Flush();
            Assert.Equal(text, result);
        }
    }

    [Fact]
    public void Append_ByteByByte_HoldsIncompleteCharacters()
    {
        var assembler = new Utf8TextAssembler();

        Assert.Equal("", assembler.Append([0xE2]));
        Assert.Equal("", assembler.Append([0x86]));
        Assert.Equal("→", assembler.Append([0x92]));
    }

    [Fact]
    public void Flush_IncompleteTail_BecomesReplacementCharacter()
    {
        var assembler = new Utf8TextAssembler();

        Assert.Equal("a", assembler.Append([0x61, 0xE2]));
        Assert.Equal("\uFFFD", assembler.Flush());
    }
}
