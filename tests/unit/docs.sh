#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The documents' own rules: the README stays a front page, and the
# performance page's table is what bench/results.json says (the figures
# come from a command, not from hand). One line per case:
# PASS|FAIL|SKIP unit/docs/<case>.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
CASE_SUITE=docs
. "$(dirname "$0")/case.sh"

check readme-front-page "README.md is longer than 200 lines" \
	sh -c '[ "$(wc -l <"$0")" -le 200 ]' "$root/README.md"
if [ -f "$root/bench/results.json" ]; then
	check performance-table-from-results \
		"docs/performance.md's table is not what scripts/bench-table.py makes of bench/results.json" \
		"$root/scripts/bench-table.py" --check
else
	echo "SKIP unit/docs/performance-table-from-results no bench/results.json (make bench writes it)"
fi
