#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Kernel style check of driver/ with checkpatch.pl from the linux-source
# tree the debug kernel is built from: --no-tree --strict, every file.
# Any finding fails, CHECK-level ones included: the report is judged by
# its content as well as by checkpatch's exit status, so a finding that
# leaves the status 0 still fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$("$root/tests/kernel/source.sh")
cd "$root"
rc=0
report=$("$src/scripts/checkpatch.pl" --no-tree --strict --quiet --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
	-f driver/*/*.[ch] 2>&1) || rc=$?
if [ "$rc" -ne 0 ] || [ -n "$report" ]; then
	printf '%s\n' "$report"
	echo "checkpatch: driver/ has findings (exit $rc)" >&2
	exit 1
fi
echo "checkpatch: driver/ is clean"
