#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make bench: measurements, written to bench/results.json as
#   {"machine": {...}, "results": [{"name", "unit", "value", "anchor",
#    "anchor_value", "ratio", "better"}, ...]}
# Benchmarks so far:
#   vm_boot_seconds  stock kernel, QEMU start to the scenario's first line
#                    (median of XVF_BENCH_RUNS boots, default 3)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=${XVF_BENCH_RUNS:-3}
rel=$(stock_release)
ko=$(build_modules stock "/lib/modules/$rel/build")
initrd=$(mkinit stock "$rel" / "$ko")
boots=()
for i in $(seq "$runs"); do
	out=$("$XVF_ROOT/tests/vm/run.sh" --logdir "$XVF_BUILD/logs/bench" \
		--timeout 300 "/boot/vmlinuz-$rel" "$initrd" boot)
	grep -q '^FAIL' <<<"$out" && { echo "$out" >&2; exit 1; }
	boots+=("$(sed -n 's/^# boot_seconds //p' <<<"$out")")
	echo "boot $i: ${boots[-1]} s" >&2
done

mkdir -p "$XVF_ROOT/bench"
XVF_BOOTS="${boots[*]}" XVF_RELEASE="$rel" python3 - "$XVF_ROOT/bench/results.json" <<'PY'
import json, os, platform, statistics, subprocess, sys

def cpu_model():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()

qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                      text=True).stdout.splitlines()[0]
boots = [float(x) for x in os.environ["XVF_BOOTS"].split()]
doc = {
    "machine": {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "host_kernel": platform.release(),
        "guest_kernel": os.environ["XVF_RELEASE"],
        "qemu": qemu,
        "accel": "tcg",
    },
    "results": [{
        "name": "vm_boot_seconds",
        "unit": "s",
        "value": statistics.median(boots),
        "samples": boots,
        "anchor": None,
        "anchor_value": None,
        "ratio": None,
        "better": "lower",
    }],
}
with open(sys.argv[1], "w") as f:
    json.dump(doc, f, indent=2)
    f.write("\n")
print(json.dumps(doc, indent=2))
PY
