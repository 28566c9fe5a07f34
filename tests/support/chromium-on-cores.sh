#!/bin/sh
# Chromium for one Playwright worker, on cores of its own (playwright.shared.ts runs two workers on two cores).
# Chromium's navigator.hardwareConcurrency follows the affinity, so each page's onnxruntime sizes its WASM
# thread pool to its share of the machine instead of every browser spinning threads on every core.
set -e
cores=$(nproc)
per=$((cores / ${TEST_WORKERS:-1}))
[ "$per" -ge 1 ] || per=1
first=$(((${TEST_PARALLEL_INDEX:-0} * per) % cores))
exec taskset -c "$first-$((first + per - 1))" "$CHROMIUM_BINARY" "$@"
