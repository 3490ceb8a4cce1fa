#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""benchtab.py < BENCH-lines: the table of one `make bench` boot.

Reads the lines of tests/bench/run.sh ("BENCH WORKLOAD CONSUMER ROUND VALUE UNIT [...]",
"BENCH-FAIL WORKLOAD CONSUMER REASON") and prints, per workload in the order it ran, each
consumer's median, minimum and maximum over the rounds and its ratio to the workload's first
consumer (the reference). Memory workloads (mem-*) show the difference to the reference per
connection or socket instead of a ratio. Echo request/response rows also show the median p50
and p99 latencies. Exits 1 if any consumer failed or the run did not end.
"""

import statistics
import sys


def fmt(v):
    if v >= 1e9:
        return f"{v / 1e9:.2f}G"
    if v >= 1e6:
        return f"{v / 1e6:.2f}M"
    if v >= 1e4:
        return f"{v / 1e3:.1f}k"
    return f"{v:.0f}"


def main():
    order, rows, fails, started, ended = [], {}, [], None, None
    for line in sys.stdin:
        f = line.split()
        if not f:
            continue
        if f[0] == "BENCH-START":
            started = " ".join(f[1:])
        elif f[0] == "BENCH-END":
            ended = " ".join(f[1:])
        elif f[0] in ("BENCH-FAIL", "BENCH-ABORT"):
            fails.append(" ".join(f[1:]))
        elif f[0] == "BENCH" and len(f) >= 6:
            w, c, value, unit = f[1], f[2], float(f[4]), f[5]
            if w not in rows:
                rows[w] = {}
                order.append(w)
            r = rows[w].setdefault(c, {"v": [], "unit": unit, "p50": [], "p99": []})
            r["v"].append(value)
            if "p50" in f and "p99" in f:
                r["p50"].append(float(f[f.index("p50") + 1]))
                r["p99"].append(float(f[f.index("p99") + 1]))
    if started:
        print(f"kernel {started}")
    print(f"{'workload':<22} {'consumer':<16} {'median':>9} {'min-max':>17} {'ratio':>7}  unit")
    for w in order:
        ref = None
        for c, r in rows[w].items():
            med = statistics.median(r["v"])
            rng = f"{fmt(min(r['v']))}-{fmt(max(r['v']))}"
            if ref is None:
                ref = med
                rel = "1.00" if not w.startswith("mem-") else "ref"
            elif w.startswith("mem-"):
                rel = f"{med - ref:+.0f}"
            else:
                rel = f"{med / ref:.2f}" if ref else "-"
            extra = ""
            if r["p50"]:
                extra = (f"  p50 {statistics.median(r['p50']):.0f} us,"
                         f" p99 {statistics.median(r['p99']):.0f} us")
            print(f"{w:<22} {c:<16} {fmt(med):>9} {rng:>17} {rel:>7}  {r['unit']}"
                  f" ({len(r['v'])} rounds){extra}")
        print()
    for f in fails:
        print(f"FAILED: {f}")
    if not ended:
        print("FAILED: the run did not end (no BENCH-END)")
    return 1 if fails or not ended else 0


if __name__ == "__main__":
    sys.exit(main())
