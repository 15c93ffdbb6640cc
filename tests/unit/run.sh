#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run cmocka test binaries (TAP output) and print one line per case:
#   PASS|FAIL unit/<suite>/<case> [reason]
# A binary that dies before its plan is complete (an ASan or UBSan abort,
# a crash) fails a case named after the binary.
#   run.sh BINARY...
set -uo pipefail

for bin in "$@"; do
	suite=$(basename "$bin")
	suite=${suite#test_}
	out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1)
	rc=$?
	printf '%s\n' "$out" | awk -v suite="$suite" -v rc="$rc" -v bin="$bin" '
		/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0 }
		/^(not )?ok [0-9]+ - / {
			status = $1 == "not" ? "FAIL" : "PASS"
			name = $0
			sub(/^(not )?ok [0-9]+ - /, "", name)
			sub(/ .*/, "", name)
			printf "%s unit/%s/%s\n", status, suite, name
			seen++
		}
		END {
			if (plan == 0 || seen != plan)
				printf "FAIL unit/%s/run %s stopped after %d of %d cases (exit %d)\n", suite, bin, seen, plan, rc
		}'
	if [ $rc -ne 0 ]; then
		printf '%s\n' "$out" | grep -v '^\(not \)\?ok ' | sed 's/^/# /' | tail -n 30
	fi
done
