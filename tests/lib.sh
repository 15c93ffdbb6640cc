# SPDX-License-Identifier: GPL-2.0-or-later
# Host-side helpers shared by check.sh, bench.sh and the demo.

XVF_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XVF_BUILD=${XVF_BUILD:-$XVF_ROOT/build}

# stock_release [SERIES]: the stock Debian kernel of SERIES installed by
# scripts/setup.sh (6.1, Debian 12's, the default; or 6.12, Debian 13's):
# the newest one that has both an image and headers.
stock_release() {
	local series=${1:-6.1} rel best=
	for rel in $(ls /lib/modules 2>/dev/null | grep "^${series//./\\.}\\..*-amd64\$" | sort -V); do
		[ -f "/boot/vmlinuz-$rel" ] && [ -d "/lib/modules/$rel/build" ] && best=$rel
	done
	[ -n "$best" ] || { echo "no stock $series kernel with headers: run scripts/setup.sh" >&2; return 1; }
	echo "$best"
}

# stage_binary STAGE SRC [DST]: SRC copied into the image tree STAGE at
# DST (default: SRC's own path), with the shared libraries ldd names for
# it at their own paths (mkinitramfs.sh, xen/hvm-probe.sh).
stage_binary() {
	local stage=$1 src=$2 dst=${3:-$2} lib
	mkdir -p "$stage$(dirname "$dst")"
	cp -L "$src" "$stage$dst"
	for lib in $(ldd "$src" | grep -o '/[^ ]*'); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

# build_modules NAME KDIR: build this tree's modules against KDIR into
# $XVF_BUILD/NAME/driver, warnings as errors, W=1. Prints the directory.
build_modules() {
	local name=$1 kdir=$2 dir=$XVF_BUILD/$1/driver
	mkdir -p "$dir"
	rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '*.mod*' \
		--exclude '.*.cmd' --exclude 'Module.symvers' --exclude 'modules.order' \
		"$XVF_ROOT/driver/" "$dir/"
	make -s -C "$kdir" M="$dir" W=1 KCFLAGS=-Werror modules >"$dir.log" 2>&1 || {
		cat "$dir.log" >&2
		return 1
	}
	echo "$dir"
}

# build_tools: the test tools that run inside the VMs (tests/tools), built
# into $XVF_BUILD/tools. Prints the directory.
build_tools() {
	local dir=$XVF_BUILD/tools
	make -s -C "$XVF_ROOT/tests/tools" O="$dir" >"$dir.log" 2>&1 || {
		cat "$dir.log" >&2
		return 1
	}
	echo "$dir"
}

# Initramfs for a kernel: mkinit NAME RELEASE MODROOT KO_DIR -> path
mkinit() {
	local out=$XVF_BUILD/$1/initrd.gz
	local tools
	tools=$(build_tools) || return 1
	"$XVF_ROOT/tests/vm/mkinitramfs.sh" --tools "$tools" \
		"$out" "$2" "$3" "$4" 2>"$XVF_BUILD/$1/initrd.log" || {
		cat "$XVF_BUILD/$1/initrd.log" >&2
		return 1
	}
	echo "$out"
}

# The Xen tier's images: the PV guest's initramfs (its kernel's modules,
# this tree's modules built for it, xenstore tools) and dom0's (stock
# kernel), which carries the guest's kernel and initramfs.
#   mkinit_xen RELEASE KO_DIR -> path of dom0's initramfs; the guest runs
#     the same stock kernel ($XVF_BUILD/xen-{guest,dom0})
#   mkinit_xen RELEASE KO_DIR NAME GUEST_KERNEL GUEST_RELEASE GUEST_MODROOT
#     GUEST_KO_DIR: another guest kernel, e.g. the debug one
#     ($XVF_BUILD/NAME-{guest,dom0})
# guest_symbols KERNEL RELEASE: the guest kernel's symbol table, for
# xenctx's stack of a guest that stopped answering: a built kernel's
# System.map beside its bzImage, else /boot's (Debian's is a placeholder:
# the real one is in the -dbg package); nothing if neither has symbols.
guest_symbols() {
	local map
	for map in "${1%/arch/x86/boot/bzImage}/System.map" "/boot/System.map-$2"; do
		[ -f "$map" ] && [ "$(wc -l <"$map")" -gt 1 ] && { cat "$map"; return; }
	done
	return 0
}

mkinit_xen() {
	local rel=$1 ko=$2 name=${3:-xen} gkernel=${4:-/boot/vmlinuz-$1}
	local grel=${5:-$1} gmodroot=${6:-/} gko=${7:-$2}
	local g=$XVF_BUILD/$name-guest d=$XVF_BUILD/$name-dom0 tools
	mkdir -p "$g" "$d"
	cp "$gkernel" "$g/vmlinuz"
	guest_symbols "$gkernel" "$grel" >"$g/System.map"
	tools=$(build_tools) || return 1
	"$XVF_ROOT/tests/vm/mkinitramfs.sh" --profile xen-guest --tools "$tools" \
		"$g/initrd.gz" "$grel" "$gmodroot" "$gko" 2>"$g/initrd.log" &&
		"$XVF_ROOT/tests/vm/mkinitramfs.sh" --profile xen-dom0 --guest "$g" --tools "$tools" \
			"$d/initrd.gz" "$rel" / "$ko" 2>"$d/initrd.log" || {
		cat "$g/initrd.log" "$d/initrd.log" >&2
		return 1
	}
	echo "$d/initrd.gz"
}
