#!/usr/bin/env bash
# Builds llama.cpp's own `llama-batched-bench` from the exact source of our natives (the git bundle in npm
# node-llama-cpp@3.22.1, tag v0.5.0), compiled against the prebuilt npm libraries (@node-llama-cpp/linux-x64@3.22.1),
# so it decodes with the same libllama/ggml build as the engine. Only tools/batched-bench is compiled (~15 s).
# Output: bench/batched-bench/out/llama-batched-bench (+ the .so files beside it). Ignored by git; nothing is committed.
# Usage: bash bench/batched-bench/build.sh   (idempotent: skips the work when the binary exists)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/out"
work="$out/work"
bin="$out/llama-batched-bench"
version=3.22.1
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
mkdir -p "$work"
cd "$work"
[[ -f node-llama-cpp-$version.tgz ]] || npm pack "node-llama-cpp@$version" >/dev/null
[[ -f node-llama-cpp-linux-x64-$version.tgz ]] || npm pack "@node-llama-cpp/linux-x64@$version" >/dev/null
rm -rf src pkg libs && mkdir -p pkg libs
tar xzf "node-llama-cpp-$version.tgz" -C pkg package/llama/gitRelease.bundle
git clone --quiet pkg/package/llama/gitRelease.bundle src
tar xzf "node-llama-cpp-linux-x64-$version.tgz" -C libs
cp libs/package/bins/linux-x64/*.so "$out/"
cd src
g++ -std=c++17 -O2 -DNDEBUG -DLLAMA_SHARED -Iinclude -Iggml/include -Icommon -Ivendor tools/batched-bench/*.cpp \
  -o "$bin" -L"$out" -l:libllama-common.so -l:libllama.v0.5.0.so -l:libggml.v0.5.0.so -l:libggml-base.so \
  -lpthread -Wl,-rpath,'$ORIGIN'
echo "$bin"
