# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the unit tier's shell-driven suites: one case from one command.
#   CASE_SUITE=<suite>; check NAME WHY COMMAND...
# prints PASS|FAIL unit/<suite>/NAME [WHY], with the command's last lines
# as comments when it fails.
check() {
	local name=$1 why=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		echo "PASS unit/$CASE_SUITE/$name"
	else
		echo "$out" | tail -n 5 | sed 's/^/# /'
		echo "FAIL unit/$CASE_SUITE/$name $why"
	fi
}
