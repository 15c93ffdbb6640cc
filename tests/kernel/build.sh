#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build (once) the debug test kernel from Debian's linux-source-6.1 with the
# fragment tests/kernel/debug.config, and print the directory that holds it.
#   build.sh [--pv-guest]   (--pv-guest: the Xen PV guest's variant, below)
#
# The result is cached outside the repository, keyed by the hash of the
# fragment and the source package's version, so a warm run prints the path
# at once.  Layout of the printed directory:
#   build/                 the kbuild object tree (make -C build M=... works)
#   build/arch/x86/boot/bzImage
#   modroot/lib/modules/<release>/   installed modules
#   release                the kernel release string
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug.config
cache=${XVF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xvf}
jobs=${XVF_JOBS:-$(nproc)}

log() { printf 'kernel: %s\n' "$*" >&2; }

# --pv-guest: the same debug kernel for the Xen tier's PV guest, without
# KASAN and KUnit. 6.1 has no KASAN for a Xen PV kernel: it faults at its
# first shadow access in xen_start_kernel, before the shadow exists.
# Lockdep, UBSAN, kmemleak and the atomic-sleep checks stay.  DMA-API
# debugging, page-allocation fault injection and ixgbe (the 82599 model's
# PF) are the plain VM's (the driver scenarios run there); left out here
# they also keep the PV guest's cached build (about 5 minutes on 2 cores)
# valid.
if [ "${1:-}" = --pv-guest ]; then
	mkdir -p "$cache"
	pv=$cache/debug-pv-guest.config
	grep -v -E '^CONFIG_(KASAN|KUNIT|DMA_API_DEBUG|FAIL_PAGE_ALLOC|IXGBE=)' "$fragment" |
		sed 's/^CONFIG_LOCALVERSION=.*/CONFIG_LOCALVERSION="-xvfdebug-pv"/' >"$pv.tmp"
	mv "$pv.tmp" "$pv"
	fragment=$pv
fi

src=$("$here/source.sh")
src_version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { cat "$fragment"; echo "$src_version"; } | sha256sum | cut -c1-16)
out=$cache/kernel-$key

if [ -f "$out/done" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/kernel.lock"
flock 9
if [ -f "$out/done" ]; then # built by whoever held the lock
	echo "$out"
	exit 0
fi

tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp/build"
# A failed configure or build leaves nothing behind to be mistaken for a
# result; the source tree stays, it is keyed by package version only.
trap 'rm -rf "$tmp"' ERR

log "configuring (allnoconfig + $(basename "$fragment"))"
make -s -C "$src" O="$tmp/build" KCONFIG_ALLCONFIG="$fragment" allnoconfig >/dev/null

# Kconfig silently drops a symbol whose dependencies are unmet: refuse to
# spend a long build on a kernel that lacks something the tests rely on.
bad=0
while IFS= read -r line; do
	case "$line" in '' | \#*) continue ;; esac
	if ! grep -qxF -- "$line" "$tmp/build/.config"; then
		sym=${line%%=*}
		log "fragment wants '$line', config has '$(grep -E "^(# )?$sym[= ]" "$tmp/build/.config" || echo unset)'"
		bad=1
	fi
done <"$fragment"
[ "$bad" -eq 0 ] || { log "config fragment not satisfiable"; exit 1; }

log "building bzImage and modules with -j$jobs (cold: about 10-15 min on 2 cores)"
start=$(date +%s)
make -s -C "$tmp/build" -j"$jobs" bzImage modules >"$tmp/build.log" 2>&1 || {
	tail -n 40 "$tmp/build.log" >&2
	exit 1
}
make -s -C "$tmp/build" INSTALL_MOD_PATH="$tmp/modroot" modules_install >/dev/null
make -s -C "$tmp/build" kernelrelease >"$tmp/release"
log "built $(cat "$tmp/release") in $(($(date +%s) - start)) s"

echo "$(($(date +%s) - start))" >"$tmp/build-seconds"
touch "$tmp/done"
rm -rf "$out"
mv "$tmp" "$out"
echo "$out"
