using Workbench.Web.Components.Widgets.Training;
using Xunit;

namespace Workbench.Web.Tests.Components.Training;

/// <summary>How the training widget writes a checkpoint sample into its table cell.</summary>
public sealed class TrainingRunWidgetTextTests
{
    [Theory]
    [InlineData("\n\n\n\n\n\n\n\n\n\n\n\n", "⏎×12")] // a step-0 model's babble: no longer a tall empty cell
    [InlineData("a\n\nb", "a⏎⏎b")]
    [InlineData("<tool_call>\r\n{\"name\": \"get_time\"}\n</tool_call>", "<tool_call>⏎{\"name\": \"get_time\"}⏎</tool_call>")]
    [InlineData("", "(empty)")]
    [InlineData("Why did the cat sit?", "Why did the cat sit?")]
    public void OneLine_ShowsEachNewlineAsASymbol(string sample, string shown) =>
        Assert.Equal(shown, TrainingRunWidget.OneLine(sample));
}
