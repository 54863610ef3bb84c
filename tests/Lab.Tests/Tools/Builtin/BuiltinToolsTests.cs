using System.Text.Json;
using Microsoft.Extensions.AI;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Tools;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Tests.Tools.Builtin;

public sealed class BuiltinToolsTests
{
    private static async Task<string> Run(AIFunction tool, params (string Key, object? Value)[] arguments) =>
        (string)(await tool.InvokeAsync(new AIFunctionArguments(arguments.ToDictionary(a => a.Key, a => a.Value))))!;

    private static async Task<string> Refused(AIFunction tool, params (string Key, object? Value)[] arguments) =>
        (await Assert.ThrowsAsync<ToolException>(() => Run(tool, arguments))).Message;

    [Fact]
    public void Registry_ListsTheFiveToolsWithObjectSchemas()
    {
        var tools = new BuiltinTools("/nonexistent");
        Assert.Equal(["get_weather", "get_time", "calculate", "convert_units", "search_files"], tools.All.Select(t => t.Name));
        Assert.Equal(BuiltinTools.Names, tools.All.Select(t => t.Name));
        Assert.All(tools.All, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Description));
            Assert.Equal("object", t.JsonSchema.GetProperty("type").GetString());
        });
        Assert.Equal(["calculate", "get_time"], tools.Select(["calculate", "get_time"]).Select(t => t.Name));
        Assert.Contains("Known tools: get_weather", Assert.Throws<ArgumentException>(() => tools.Select(["nope"])).Message);
    }

    [Fact]
    public void Schemas_AreExactlyTheSpecified()
    {
        var weather = new WeatherTool().JsonSchema;
        Assert.Equal(["city", "unit"], weather.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["celsius", "fahrenheit"], weather.GetProperty("properties").GetProperty("unit").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["city"], weather.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var units = new UnitConversionTool().JsonSchema.GetProperty("properties");
        Assert.Equal("number", units.GetProperty("value").GetProperty("type").GetString());
        Assert.Equal(["value", "from_unit", "to_unit"], units.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Weather_IsDeterministicSimulatedAndConvertsUnits()
    {
        var tool = new WeatherTool();
        var celsius = JsonDocument.Parse(await Run(tool, ("city", "Paris"))).RootElement;
        Assert.Equal(celsius.GetRawText(), JsonDocument.Parse(await Run(tool, ("city", "  paris "))).RootElement.GetRawText().Replace("paris", "Paris"));
        Assert.Equal("simulated", celsius.GetProperty("source").GetString());
        int c = celsius.GetProperty("temperature").GetInt32();
        Assert.Equal(WeatherTool.CelsiusOf("Paris"), c);
        Assert.InRange(c, -5, 34);
        var f = JsonDocument.Parse(await Run(tool, ("city", "Paris"), ("unit", "fahrenheit"))).RootElement;
        Assert.Equal((int)Math.Round(c * 9 / 5.0 + 32), f.GetProperty("temperature").GetInt32());
        Assert.Contains("is not one of [\"celsius\",\"fahrenheit\"]", await Refused(tool, ("city", "Paris"), ("unit", "kelvin")));
        Assert.Contains("'city' is missing", await Refused(tool));
    }

    [Fact]
    public async Task Time_UsesTheClockAndTheCitysZone()
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 1, 15, 12, 0, 0, TimeSpan.Zero));
        var tool = new TimeTool(clock);
        var tokyo = JsonDocument.Parse(await Run(tool, ("city", "tokyo"))).RootElement;
        Assert.Equal("Tokyo", tokyo.GetProperty("city").GetString());
        Assert.Equal("2025-01-15T21:00:00+09:00", tokyo.GetProperty("local_time").GetString());
        var ny = JsonDocument.Parse(await Run(tool, ("city", "New York"))).RootElement;
        Assert.Equal("2025-01-15T07:00:00-05:00", ny.GetProperty("local_time").GetString());
        var error = await Refused(tool, ("city", "Atlantis"));
        Assert.StartsWith("Unknown city 'Atlantis'. Known cities:", error);
        Assert.Contains("Tokyo", error);
    }

    [Theory]
    [InlineData("(2 + 3) * 4", "20")]
    [InlineData("2 ** 10", "1024")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("Sqrt(16) + Abs(-2)", "6")]
    [InlineData("-pi", "-3.141592653589793")]
    public async Task Calculate_EvaluatesArithmetic(string expression, string expected) =>
        Assert.Equal(expected, await Run(new CalculatorTool(), ("expression", expression)));

    [Theory]
    [InlineData("1 +", "not a valid expression")]
    [InlineData("2 ^ 3", "write powers as '**'")]
    [InlineData("'abc'", "Only numbers")]
    [InlineData("[x] * 2", "Unknown name 'x'")]
    [InlineData("if(1 > 0, 1, 2)", "'if' is not allowed")]
    [InlineData("1 > 0", "Only arithmetic")]
    [InlineData("1 / 0", "could not be evaluated")]
    [InlineData("Exp(1000)", "no finite value")]
    [InlineData("9999999999 * 9999999999", "could not be evaluated")]
    public async Task Calculate_RefusesWhatIsNotArithmetic(string expression, string message) =>
        Assert.Contains(message, await Refused(new CalculatorTool(), ("expression", expression)));

    [Fact]
    public async Task Calculate_RefusesALongExpression() =>
        Assert.Contains("at most 256", await Refused(new CalculatorTool(), ("expression", string.Join("+", Enumerable.Repeat("1", 200)))));

    [Theory]
    [InlineData(10, "km", "mi", "10 km = 6.213711922 mi")]
    [InlineData(100, "°C", "°F", "100 °C = 212 °F")]
    [InlineData(100, "C", "F", "100 C = 212 F")]
    [InlineData(1, "kg", "lb", "1 kg = 2.204622622 lb")]
    [InlineData(3, "miles", "kilometers", "3 miles = 4.828032 kilometers")]
    [InlineData(90, "m", "s", "90 m = 5400 s")]
    public async Task ConvertUnits_ConvertsWithinAQuantity(double value, string from, string to, string expected) =>
        Assert.Equal(expected, await Run(new UnitConversionTool(), ("value", value), ("from_unit", from), ("to_unit", to)));

    [Fact]
    public async Task ConvertUnits_RefusesIncompatibleOrUnknownUnits()
    {
        var tool = new UnitConversionTool();
        Assert.Contains("measure different things", await Refused(tool, ("value", 1), ("from_unit", "kg"), ("to_unit", "km")));
        Assert.StartsWith("Unknown unit 'furlongz'", await Refused(tool, ("value", 1), ("from_unit", "furlongz"), ("to_unit", "km")));
        Assert.Contains("expected number", await Refused(tool, ("value", "ten"), ("from_unit", "km"), ("to_unit", "mi")));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
