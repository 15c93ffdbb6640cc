#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The make bench table of docs/performance.md, from bench/results.json.

    bench-table.py [RESULTS] [DOC]     (defaults: bench/results.json,
                                        docs/performance.md)

Replaces what lies between the "bench-table begin" and "bench-table end"
markers of DOC with a Markdown table: one row per result (median, the
samples' range, the anchor and the ratio to it), and a line naming the
machine and the run.  `--check` exits 1 if DOC's table differs from what
RESULTS gives (a test that the page matches the file).
"""
import json
import os
import sys

BEGIN = "<!-- bench-table begin -->"
END = "<!-- bench-table end -->"


def number(v):
    if v is None:
        return "—"
    if isinstance(v, float) and not v.is_integer():
        return f"{v:.3g}" if abs(v) < 100 else f"{v:,.0f}"
    return f"{int(v):,}"


def run_label(doc, run):
    """The footnote mark of a partial run's rows: its place in the list."""
    runs = doc.get("partial_runs") or []
    return f"[p{runs.index(run) + 1}]" if run in runs else "[p?]"


def row(r, doc=None):
    samples = [s for s in r.get("samples") or [] if s is not None]
    spread = f"{number(min(samples))}–{number(max(samples))}" if len(samples) > 1 else ""
    # A difference of two medians gives each side's range instead.
    if r.get("spread"):
        spread = ", ".join(f"{side} {number(lo)}–{number(hi)}"
                           for side, (lo, hi) in r["spread"].items())
    value = f"{number(r.get('value'))} {r.get('unit', '')}".strip()
    if r.get("value") is None and r.get("skipped"):
        value = f"skipped: {r['skipped']}"
    # Packet losses say at what rate they were counted.
    if r.get("rate_pps"):
        value += f" at {r['rate_pps']}/s"
    anchor = ""
    if r.get("anchor"):
        anchor = f"{r['anchor']} {number(r.get('anchor_value'))}"
        if r.get("anchor_rate_pps"):
            anchor += f" at {r['anchor_rate_pps']}/s"
    if r.get("note"):
        anchor += f" ({r['note']})"
    ratio = f"{r['ratio']:.2f}" if isinstance(r.get("ratio"), (int, float)) else ""
    # A median of per-round ratios shows their interquartile range.
    if ratio and r.get("ratio_iqr"):
        lo, hi = r["ratio_iqr"]
        ratio += f" (IQR {lo:.2f}–{hi:.2f})"
    better = r.get("better", "")
    # Keys measured per phase (bonding's baseline) repeat their name.
    key = f"{r['name']}[{r['phase']}]" if r.get("phase") else r["name"]
    # A row a partial run (make bench ONLY=...) replaced says which.
    mark = f" {run_label(doc or {}, r['run'])}" if r.get("run") else ""
    return (f"| `{key}`{mark} | {value} | {spread} | "
            f"{len(samples)} | {anchor} | {ratio} | {better} |")


def table(doc):
    m = doc.get("machine", {})
    lines = [
        "| key | median | range | samples | anchor | ratio | better |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [row(r, doc) for r in doc.get("results", [])]
    lines.append("")
    lines.append(f"Machine: {m.get('cpu', '?')}, {m.get('cores', '?')} cores, "
                 f"{m.get('accel', '?')}; guest kernel {m.get('guest_kernel', '?')}; "
                 f"{m.get('qemu', '?')}; Xen {m.get('xen', '?')}.")
    if doc.get("run"):
        run = doc["run"]
        lines.append(f"Run: {run.get('date', '?')}, commit {run.get('commit', '?')}, "
                     f"`{run.get('command', 'make bench')}`.")
    for i, run in enumerate(doc.get("partial_runs") or [], 1):
        lines.append(f"[p{i}]: partial run {run.get('date', '?')}, commit "
                     f"{run.get('commit', '?')}, `{run.get('command', '?')}`.")
    failed = doc.get("failed_runs") or {}
    if failed:
        lines.append("Failed runs (no samples from them): " +
                     ", ".join(f"{k} {v}" for k, v in sorted(failed.items())) + ".")
    return "\n".join(lines)


def splice(text, body):
    try:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
    except ValueError:
        sys.exit(f"bench-table: no {BEGIN} ... {END} markers")
    return f"{head}{BEGIN}\n{body}\n{END}{tail}"


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    results = args[0] if args else os.path.join(root, "bench", "results.json")
    page = args[1] if len(args) > 1 else os.path.join(root, "docs", "performance.md")
    try:
        with open(results) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"bench-table: {results}: {e} (run make bench)")
    with open(page) as f:
        text = f.read()
    new = splice(text, table(doc))
    if check:
        if new != text:
            sys.exit(f"bench-table: {page} does not match {results}")
        return
    with open(page, "w") as f:
        f.write(new)


if __name__ == "__main__":
    main(sys.argv[1:])
