#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run libFuzzer targets for a bounded number of inputs each, starting from
# their seed corpus, and print one line per target:
#   PASS|FAIL unit/fuzz/<target> (N runs)
# A crash, a sanitizer report or a broken property (abort) fails it; the
# reproducer stays in build/fuzz-crashes/.
#   fuzz.sh RUNS SEED_DIR BINARY...   (SEED_DIR/<target>/ holds the seeds)
# RUNS is a number of inputs, or a time for each target ("600s").
set -uo pipefail

runs=$1 seeds=$2
shift 2
case $runs in
*s) limit=-max_total_time=${runs%s} ;;
*) limit=-runs=$runs ;;
esac
for bin in "$@"; do
	name=$(basename "$bin")
	name=${name#fuzz_}
	work=$(mktemp -d)
	crashes=$(dirname "$bin")/fuzz-crashes/$name
	mkdir -p "$crashes"
	out=$("$bin" "$limit" -artifact_prefix="$crashes/" "$work" "$seeds/$name" 2>&1)
	rc=$?
	rm -rf "$work"
	done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' <<<"$out")
	if [ $rc -eq 0 ] && [ -n "$done_runs" ]; then
		echo "PASS unit/fuzz/$name ($done_runs runs)"
	else
		tail -n 30 <<<"$out" | sed 's/^/# /'
		echo "FAIL unit/fuzz/$name (exit $rc, reproducer in $crashes)"
	fi
done
