#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Extract Debian's linux-source-6.1 (once, cached outside the repository)
# and print the path of the source tree. Used by build.sh and checkpatch.
set -euo pipefail

cache=${XVF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xvf}
tarball=/usr/src/linux-source-6.1.tar.xz

[ -f "$tarball" ] || { echo "kernel: missing $tarball: run scripts/setup.sh" >&2; exit 1; }
src_version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
src=$cache/src/linux-source-6.1-$src_version

if [ ! -f "$src/.xvf-extracted" ]; then
	mkdir -p "$cache/src"
	exec 8>"$cache/src.lock"
	flock 8
	if [ ! -f "$src/.xvf-extracted" ]; then
		echo "kernel: extracting $tarball" >&2
		rm -rf "$src" "$src.tmp"
		mkdir -p "$src.tmp"
		tar -xJf "$tarball" -C "$src.tmp" --strip-components=1
		touch "$src.tmp/.xvf-extracted"
		mv "$src.tmp" "$src"
	fi
fi
echo "$src"
