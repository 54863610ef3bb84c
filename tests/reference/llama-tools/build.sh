#!/usr/bin/env bash
# Builds llama.cpp's own `llama-quantize`, `llama-perplexity` and `llama-bench` from the exact source of our natives (the git
# bundle in npm node-llama-cpp@3.22.1, tag v0.5.0), compiled against the prebuilt npm libraries
# (@node-llama-cpp/linux-x64@3.22.1), so they run the same libllama/ggml build as the engine: the references the
# quantization and perplexity tests and the `quantization` bench (bench/Workbench.Bench) compare against. Only
# tools/quantize, tools/perplexity and tools/llama-bench are compiled (~15 s each); ggml and llama are not rebuilt.
# Same recipe as bench/batched-bench/build.sh (../shared/PLATFORM.md).
# Output: tests/reference/llama-tools/out/{llama-quantize,llama-perplexity,llama-bench} + the .so files beside them.
# Ignored by git. Usage: bash tests/reference/llama-tools/build.sh   (idempotent: prints the output folder, skips
# built tools; a folder built before llama-bench was added only gets llama-bench compiled)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/out"
work="$out/work"
version=3.22.1
# Source folders under tools/; the binary is llama-<folder> (llama-bench's folder already carries the prefix).
tools=(quantize perplexity llama-bench)
binary() { echo "$out/llama-${1#llama-}"; }
# The build recipe's version: a folder built by an older recipe is rebuilt (2: the tools flush their log at exit).
recipe=2
if [[ "$(cat "$out/recipe" 2>/dev/null)" != "$recipe" ]]; then
  for t in "${tools[@]}"; do rm -f "$(binary "$t")"; done
fi
missing=0
for t in "${tools[@]}"; do [[ -x "$(binary "$t")" ]] || missing=1; done
if [[ $missing == 0 ]]; then echo "$out"; exit 0; fi
mkdir -p "$work"
cd "$work"
[[ -f node-llama-cpp-$version.tgz ]] || npm pack --silent "node-llama-cpp@$version" >/dev/null
[[ -f node-llama-cpp-linux-x64-$version.tgz ]] || npm pack --silent "@node-llama-cpp/linux-x64@$version" >/dev/null
if [[ ! -f src/include/llama.h ]]; then
  rm -rf src pkg && mkdir -p pkg
  tar xzf "node-llama-cpp-$version.tgz" -C pkg package/llama/gitRelease.bundle
  git -c advice.detachedHead=false clone --quiet pkg/package/llama/gitRelease.bundle src
fi
rm -rf libs && mkdir -p libs
tar xzf "node-llama-cpp-linux-x64-$version.tgz" -C libs
cp libs/package/bins/linux-x64/*.so "$out/"
# llama.cpp's tools print through common_log, whose worker thread writes the lines; the logger is leaked on purpose
# (see common_log_main in common/log.cpp, llama.cpp issue 22142), so on a loaded machine a tool can exit 0 before
# its last lines — llama-perplexity's final estimate — are written. This unit flushes the log when main returns.
cat > "$work/flush-log-at-exit.cpp" <<'CPP'
#include "log.h"
#include <cstdlib>
namespace {
struct flush_log_at_exit {
    flush_log_at_exit() { std::atexit([] { common_log_flush(common_log_main()); }); }
} flush_log_at_exit_instance;
}
CPP
cd src
for t in "${tools[@]}"; do
  bin="$(binary "$t")"
  [[ -x "$bin" ]] && continue
  g++ -std=c++17 -O2 -DNDEBUG -DLLAMA_SHARED -Iinclude -Iggml/include -Icommon -Ivendor tools/$t/*.cpp "$work/flush-log-at-exit.cpp" \
    -o "$bin.tmp" -L"$out" -l:libllama-common.so -l:libllama.v0.5.0.so -l:libggml.v0.5.0.so -l:libggml-base.so \
    -lpthread -Wl,-rpath,'$ORIGIN'
  mv "$bin.tmp" "$bin"
done
echo "$recipe" > "$out/recipe"
echo "$out"
