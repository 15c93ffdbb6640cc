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

# The generator itself: a page that does not match its results fails the
# check, and matches once the table is written.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' '# t' '<!-- bench-table begin -->' '<!-- bench-table end -->' >"$tmp/page.md"
cat >"$tmp/results.json" <<'JSON'
{"machine": {"cpu": "test", "cores": 2, "accel": "tcg"},
 "results": [{"name": "vm_boot_seconds", "unit": "s", "value": 7.2,
              "samples": [7.0, 7.2, 9.1], "better": "lower"}]}
JSON
check bench-table-detects-drift "bench-table.py --check passed a page without the table, or failed it after writing" \
	sh -c '! "$0" --check "$1/results.json" "$1/page.md" 2>/dev/null &&
		"$0" "$1/results.json" "$1/page.md" &&
		"$0" --check "$1/results.json" "$1/page.md" &&
		grep -q "^| \`vm_boot_seconds\` | 7.2 s | 7–9.1 | 3 |" "$1/page.md"' \
	"$root/scripts/bench-table.py" "$tmp"
