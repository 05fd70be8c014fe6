"""Summarises bench/run.sh's raw measurements; saves them, or compares them with a saved baseline.

Usage: python3 bench/report.py WORK_DIR [SAVE_FILE] [BASELINE_FILE]
"""
import json
import os
import re
import statistics
import sys


def main():
    work = sys.argv[1]
    save = sys.argv[2] if len(sys.argv) > 2 else ""
    baseline = sys.argv[3] if len(sys.argv) > 3 else ""
    samples, facts = {}, {}
    for line in open(os.path.join(work, "raw"), encoding="utf-8"):
        parts = line.split()
        if len(parts) == 4:
            samples.setdefault(parts[0], []).append(tuple(float(p) for p in parts[1:]))
        elif len(parts) == 2:
            facts.setdefault(parts[0], []).append(float(parts[1]))
    med = {k: {"wall": statistics.median(x[0] for x in v), "cpu": statistics.median(x[1] for x in v),
               "peak_mb": max(x[2] for x in v) / 1024, "runs": len(v)} for k, v in samples.items()}
    phases = {}
    for name in os.listdir(work):
        if name.startswith("phases-"):
            size = name.split("-", 1)[1]
            values = {}
            for line in open(os.path.join(work, name), encoding="utf-8"):
                for phase, ms in re.findall(r"(\w+) ([\d.]+) ms", line):
                    values.setdefault(phase, []).append(float(ms))
            phases[size] = {p: statistics.median(v) for p, v in values.items()}
    sizes = sorted({k.split("-")[1] for k in med if k.startswith("puente-") and k.split("-")[1].isdigit()}, key=int)
    print("\n== Puente benchmark (medians of alternating runs; output on tmpfs; wall and CPU in seconds)")
    for size in sizes:
        clean = med[f"puente-{size}-clean"]
        pages = facts.get(f"pages-{size}", [0])[0]
        print(f"\n{int(size):,} events x 2 languages: {int(pages):,} files")
        print(f"  puente clean build   {clean['wall']:.2f} s wall, {clean['cpu']:.2f} s CPU, peak {clean['peak_mb']:.0f} MB, {pages / clean['wall']:,.0f} pages/s")
        if f"hugo-{size}-clean" in med:
            hugo = med[f"hugo-{size}-clean"]
            print(f"  hugo clean build     {hugo['wall']:.2f} s wall, {hugo['cpu']:.2f} s CPU, peak {hugo['peak_mb']:.0f} MB  -> puente/hugo = {clean['wall'] / hugo['wall']:.2f}")
        if f"cp-{size}" in med:
            cp = med[f"cp-{size}"]
            print(f"  cp -r of the output  {cp['wall']:.2f} s wall                      -> puente/cp = {clean['wall'] / cp['wall']:.2f}")
        if f"puente-{size}-nochange" in med:
            nc = med[f"puente-{size}-nochange"]
            print(f"  rebuild, no change   {nc['wall']:.3f} s wall -> {100 * nc['wall'] / clean['wall']:.1f}% of the clean build")
        if f"puente-{size}-edit" in med:
            ed = med[f"puente-{size}-edit"]
            written = facts.get(f"edit-written-{size}", [0])[0]
            print(f"  rebuild, 1 event edited {ed['wall']:.3f} s wall, {ed['cpu']:.2f} s CPU -> {100 * ed['wall'] / clean['wall']:.1f}% of the clean build (CPU {100 * ed['cpu'] / clean['cpu']:.1f}%), {int(written)} files written")
        if size in phases:
            print("  phases (median ms): " + ", ".join(f"{p} {v:.0f}" for p, v in phases[size].items()))
    if "puente-real-clean" in med:
        real = med["puente-real-clean"]
        print(f"\nreal site, clean build with a warm cache: {real['wall'] * 1000:.0f} ms wall")
    if "serve-edit" in facts:
        print(f"serve, edit one event -> reload signal: median {statistics.median(facts['serve-edit']):.0f} ms"
              + (f" (rebuild {statistics.median(facts['serve-rebuild'][1:] or facts['serve-rebuild']):.0f} ms)" if "serve-rebuild" in facts else ""))
    if "serve-cpu" in facts:
        print(f"serve, edit one event: CPU of the server from save to reload signal: median {statistics.median(facts['serve-cpu']):.0f} ms")
    result = {"medians": med, "facts": facts, "phases": phases}
    if save:
        with open(save, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, sort_keys=True)
        print(f"\nsaved to {save}")
    if baseline:
        old = json.load(open(baseline, encoding="utf-8"))
        print(f"\n== compared with {baseline} (slower by more than 10% is flagged)")
        for label, now in sorted(med.items()):
            before = old.get("medians", {}).get(label)
            if before:
                ratio = now["wall"] / before["wall"] if before["wall"] else 1
                flag = "  <-- slower" if ratio > 1.10 else ""
                print(f"  {label:24} {before['wall']:.3f} -> {now['wall']:.3f} s ({ratio:.2f}x){flag}")
        for size, values in sorted(phases.items()):
            for phase, ms in values.items():
                before = old.get("phases", {}).get(size, {}).get(phase)
                if before:
                    ratio = ms / before if before else 1
                    flag = "  <-- this phase got slower" if ratio > 1.10 and ms - before > 5 else ""
                    print(f"  {size} events, {phase:9} {before:.0f} -> {ms:.0f} ms ({ratio:.2f}x){flag}")


if __name__ == "__main__":
    main()
