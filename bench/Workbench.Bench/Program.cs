using System.Diagnostics;
using Workbench.Bench;

// The benchmark command of issue 2, section 8, and (with "grading") of issue 3, section 7: see bench/README.md.
if (args.FirstOrDefault() == "grading")
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    return await GradingBench.RunAsync(args[1..], stop.Token);
}
if (args.FirstOrDefault() == "structured") // issue 4, section 4: constrained decoding speed and validity
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    return await StructuredBench.RunAsync(args[1..], stop.Token);
}
if (args.FirstOrDefault() == "tool-parser") // issue 11, section 6: tool-call parser cost per streamed token
{
    return ToolParserBench.Run(args[1..]);
}
if (args.FirstOrDefault() == "tool-grammar") // issue 11, section 6: forced tool calls, validity and constrained speed
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    return await ToolGrammarBench.RunAsync(args[1..], stop.Token);
}
if (args.FirstOrDefault() == "batched") // issue 10, finding 20: B streams side by side with llama-batched-bench
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    Environment.SetEnvironmentVariable("GGML_NO_BACKTRACE", "1");
    return await BatchedBench.RunAsync(args[1..], stop.Token);
}
if (args.FirstOrDefault() == "quantization") // issue 13: quantize, perplexity and speed beside llama.cpp's own tools
{
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    Environment.SetEnvironmentVariable("GGML_NO_BACKTRACE", "1");
    return await QuantizationBench.RunAsync(args[1..], stop.Token);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
Environment.SetEnvironmentVariable("GGML_NO_BACKTRACE", "1");

var machine = MachineInfo.Read();
Console.WriteLine($"{machine.Cpu}, {machine.Cores} cores, {machine.Memory}; load {machine.LoadAverage}");
var clock = Stopwatch.StartNew();
var webApp = new WebAppLocator(options);
var reports = new List<ModelReport>();
foreach (string model in options.ModelPaths)
{
    reports.Add(await new ModelBench(options with { ModelPath = model }, webApp.GetAsync).RunAsync(cancel.Token));
}

string markdown = ReportWriter.Write(options, machine, reports, MachineInfo.LoadAverageNow(), clock.Elapsed);
if (options.OutputPath is null)
{
    Console.WriteLine(markdown);
}
else
{
    PerformanceDocument.WriteSection(options.OutputPath, $"threads-{options.Threads}" + (options.FlashAttention == "auto" ? "" : $"-fa-{options.FlashAttention}"), markdown);
    Console.WriteLine($"Wrote {options.OutputPath}");
}
return 0;
