#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Kernel style check of driver/ with checkpatch.pl from the linux-source
# tree the debug kernel is built from: --no-tree --strict, every file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$("$root/tests/kernel/source.sh")
cd "$root"
"$src/scripts/checkpatch.pl" --no-tree --strict --quiet --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
	-f driver/*/*.[ch]
echo "checkpatch: driver/ is clean"
