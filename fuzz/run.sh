#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (30 s each unless told), starting from the committed
# seeds and from every input that once crashed (fuzz/regressions/), so old crashes stay fixed.
#   fuzz/run.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo-fuzz passes -Z flags; the machine has only the stable toolchain, which accepts them with
# RUSTC_BOOTSTRAP. Without a nightly sanitizer runtime, the targets run without ASan (--sanitizer
# none): Puente has no unsafe code, so a panic is what there is to find.
export RUSTC_BOOTSTRAP=1
for target in event advisory page markdown; do
  corpus="$(mktemp -d)"
  cp seeds/"$target"/* "$corpus"/ 2>/dev/null || true
  cp regressions/"$target"/* "$corpus"/ 2>/dev/null || true
  echo "== fuzz $target (${seconds} s)"
  log="$corpus.log"
  status=0
  cargo fuzz run --sanitizer none "$target" "$corpus" -- -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E 'stat::number_of_executed_units|Done [0-9]+ runs|panicked|SUMMARY|crash-' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$log"
    echo "fuzz target $target failed: add the input above to fuzz/regressions/$target/ once fixed" >&2
    exit "$status"
  fi
done
