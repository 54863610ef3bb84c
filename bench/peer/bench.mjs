// The benchmark's peer: the same libllama (npm @node-llama-cpp/linux-x64@3.22.1) driven by node-llama-cpp 3.22.1.
// Loads the model with the given threads / context / batch, evaluates the given prompt tokens with greedy sampling
// for at most --tokens new tokens (it stops earlier at an end-of-generation token, as the engine does), repeats,
// and prints one JSON object on stdout:
//   {"peer":"node-llama-cpp","version":"3.22.1","threads":2,"runs":[{"prompt_n","ttft_ms","predicted_n",
//    "predicted_ms","tokens":[...]}], "load_ms":...}
// ttft_ms: from the start of evaluate() to the first sampled token (prompt decode + first sample);
// predicted_ms: from the first to the last sampled token.
//
// Usage: node bench.mjs --model <gguf> --threads 2 --ctx 512 --batch 512 --tokens 200 --repeats 5 \
//          --prompt-tokens 1,2,3,...   (the exact prompt token ids, BOS included; the C# bench passes them)
// With --streams 1,4,16: a context of max(streams) sequences (--ctx cells each); for each count, that many
// sequences generate at once; prints {"concurrency":[{"streams","aggregate_tps"}]} (medians over --repeats), where
// aggregate_tps = Σ (tokens − 1) / (latest last token − earliest first token), as the C# bench computes it.
import { getLlama, LlamaLogLevel } from "node-llama-cpp";
import { performance } from "node:perf_hooks";

function parseArgs(argv) {
    const args = {};
    for (let i = 0; i < argv.length; i += 2) {
        if (!argv[i].startsWith("--")) throw new Error(`unexpected argument ${argv[i]}`);
        args[argv[i].slice(2)] = argv[i + 1];
    }
    return args;
}

const args = parseArgs(process.argv.slice(2));
const threads = Number(args.threads ?? 2);
const contextSize = Number(args.ctx ?? 512);
const batchSize = Number(args.batch ?? 512);
const flashAttention = { auto: "auto", enabled: true, disabled: false }[args["flash-attention"] ?? "auto"];
const maxTokens = Number(args.tokens ?? 200);
const repeats = Number(args.repeats ?? 5);
const promptTokens = (args["prompt-tokens"] ?? "").split(",").filter(s => s !== "").map(Number);
const streamCounts = (args.streams ?? "").split(",").filter(s => s !== "").map(Number);
const sequences = streamCounts.length > 0 ? Math.max(...streamCounts) : 1;
if (!args.model || promptTokens.length === 0) throw new Error("--model and --prompt-tokens are required");

const loadStart = performance.now();
// CPU prebuilt binaries only: never build from source, never download.
const llama = await getLlama({ gpu: false, build: "never", usePrebuiltBinaries: true, skipDownload: true,
    maxThreads: threads, logLevel: LlamaLogLevel.error, progressLogs: false });
const model = await llama.loadModel({ modelPath: args.model, gpuLayers: 0 });
const context = await model.createContext({ contextSize: contextSize * sequences, batchSize, threads, sequences,
    flashAttention }); // as the engine: auto (llama.cpp's default), enabled or disabled
const allSequences = Array.from({ length: sequences }, () => context.getSequence());
const sequence = allSequences[0];
const loadMs = performance.now() - loadStart;

async function runOnce(sequence = allSequences[0]) {
    await sequence.clearHistory();
    const tokens = [];
    let first = 0, last = 0;
    const start = performance.now();
    for await (const token of sequence.evaluate(promptTokens, { temperature: 0 })) {
        const now = performance.now();
        if (tokens.length === 0) first = now;
        last = now;
        tokens.push(token);
        if (tokens.length >= maxTokens) break;
    }
    return {
        prompt_n: promptTokens.length,
        ttft_ms: first - start,
        predicted_n: tokens.length,
        predicted_ms: last - first,
        first,
        last,
        tokens,
    };
}

if (streamCounts.length > 0) {
    const median = values => { const v = [...values].sort((a, b) => a - b); const m = v.length >> 1; return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };
    const aggregate = async streams => {
        const runs = await Promise.all(allSequences.slice(0, streams).map(s => runOnce(s)));
        const seconds = (Math.max(...runs.map(r => r.last)) - Math.min(...runs.map(r => r.first))) / 1000;
        return runs.reduce((sum, r) => sum + r.predicted_n - 1, 0) / seconds;
    };
    const concurrency = [];
    for (const streams of streamCounts) await aggregate(streams); // warm-up
    const results = new Map(streamCounts.map(s => [s, []]));
    for (let i = 0; i < repeats; i++) for (const streams of streamCounts) results.get(streams).push(await aggregate(streams));
    for (const streams of streamCounts) concurrency.push({ streams, aggregate_tps: median(results.get(streams)) });
    process.stdout.write(JSON.stringify({ peer: "node-llama-cpp", version: "3.22.1", threads, sequences, concurrency }) + "\n");
    await llama.dispose();
    process.exit(0);
}

await runOnce(); // warm-up
const runs = [];
for (let i = 0; i < repeats; i++) runs.push(await runOnce());

process.stdout.write(JSON.stringify({
    peer: "node-llama-cpp",
    version: "3.22.1",
    threads,
    context_size: context.contextSize,
    batch_size: batchSize,
    load_ms: loadMs,
    build: llama.buildType,
    gpu: llama.gpu,
    runs,
}) + "\n");

await context.dispose();
await model.dispose();
await llama.dispose();
