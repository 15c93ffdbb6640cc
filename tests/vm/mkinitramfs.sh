#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the test VM's initramfs.
#
#   mkinitramfs.sh [--profile vm|xen-guest|xen-dom0] [--guest DIR]
#                  [--tools DIR] OUT RELEASE MODROOT KO_DIR
#
# OUT      the gzip'd cpio to write
# RELEASE  kernel release (lib/modules/RELEASE)
# MODROOT  directory that holds lib/modules/RELEASE ("/" for the stock kernel)
# KO_DIR   directory with this tree's built modules (*.ko), may be empty
# --tools  directory with this tree's test tools (tests/tools), installed
#          in /usr/bin
#
# Contents: busybox, iproute2's ip (as ip-full: busybox-static always runs
# its own ip applet) and ethtool with their shared libraries, the kernel
# modules the scenarios load (with dependencies, and a modules.dep for
# busybox modprobe), this tree's modules under extra/, the guest harness
# (tests/vm/guest) and every scenario (tests/scenarios/{vm,xen,ixgbe}).
#
# Every image has the xenstore tools and jq. Profiles add to that:
#   xen-guest  nothing more (the name says which image it is)
#   xen-dom0   xl, xenstored, xenconsoled and the dom0
#              modules (backends, pciback, bridge), plus the PV guest's
#              kernel and initramfs from --guest DIR (vmlinuz, initrd.gz)
set -euo pipefail

profile=vm guest_dir= tools_dir=
while [ $# -gt 4 ]; do
	case "$1" in
	--profile) profile=$2; shift 2 ;;
	--guest) guest_dir=$2; shift 2 ;;
	--tools) tools_dir=$2; shift 2 ;;
	*) echo "mkinitramfs: unknown option $1" >&2; exit 2 ;;
	esac
done
out=$1 release=$2 modroot=$3 ko_dir=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"	# stage_binary
tests=$(dirname "$here")

# Kernel modules the scenarios may load; absent ones are skipped (the
# debug kernel builds some of them in).
KERNEL_MODULES=(
	igb igbvf ixgbe ixgbevf virtio_pci virtio_net net_failover failover bonding veth 8021q
	macvlan
	xen-netfront xen-pcifront
)
# Userspace binaries beyond busybox, and the names they get in the image.
declare -A BINARIES=(
	[/usr/sbin/ip]=/usr/sbin/ip-full
	[/usr/sbin/ethtool]=/usr/sbin/ethtool-full
	[/usr/bin/jq]=/usr/bin/jq
)
XEN_BIN=/usr/lib/xen-4.17/bin
# Every profile: a PV guest reads and writes its own nodes, the plain VM
# runs the agent against the xenstore test server (XENSTORED_PATH).
# xenstore-* are one multi-call binary that looks at argv[0].
XENSTORE_TOOLS=(read write ls rm watch chmod exists list)
for t in "${XENSTORE_TOOLS[@]}"; do
	BINARIES[/usr/bin/xenstore-$t]=/usr/bin/xenstore-$t
done
case "$profile" in
vm | xen-guest) ;;
xen-dom0)
	for t in xl xenstored xenconsoled xen-init-dom0 libxl-save-helper xenctx; do
		BINARIES[$XEN_BIN/$t]=$XEN_BIN/$t
	done
	KERNEL_MODULES+=(xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs
		bridge xen-netback xen-pciback
		# xen/debian: the guest's disk (virtio in QEMU, blkback to the
		# guest) and dom0's look at its /boot
		virtio_blk xen-blkback crc32c_generic ext4)
	[ -f "$guest_dir/vmlinuz" ] && [ -f "$guest_dir/initrd.gz" ] ||
		{ echo "mkinitramfs: xen-dom0 needs --guest DIR with vmlinuz and initrd.gz" >&2; exit 2; } ;;
*) echo "mkinitramfs: unknown profile $profile" >&2; exit 2 ;;
esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,xvf/scenarios}
mkdir -p "$stage/lib/modules/$release"

install_busybox() {
	local applet
	cp /bin/busybox "$stage/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[ "$applet" = busybox ] && continue
		ln -sf busybox "$stage/bin/$applet"
	done
}

# Copy a dynamically linked binary and every library it needs.
install_kernel_module_file() {
	local file=$1 rel dst
	rel=${file#"$modroot"/lib/modules/"$release"/}
	dst=$stage/lib/modules/$release/$rel
	mkdir -p "$(dirname "$dst")"
	case "$file" in
	*.ko.xz) xz -dc "$file" >"${dst%.xz}" ;;
	*.ko.zst) zstd -qdc "$file" >"${dst%.zst}" ;;
	*.ko) cp "$file" "$dst" ;;
	esac
}

install_kernel_modules() {
	local mod file
	for mod in "${KERNEL_MODULES[@]}"; do
		# Not in this kernel at all (the debug kernel has no macvlan).
		modprobe -d "$modroot" -S "$release" --show-depends "$mod" >/dev/null 2>&1 ||
			continue
		modprobe -d "$modroot" -S "$release" --show-depends "$mod" 2>/dev/null |
			awk '$1 == "insmod" { print $2 }' |
			while read -r file; do
				install_kernel_module_file "$file"
			done
	done
	for file in "$modroot/lib/modules/$release"/modules.{order,builtin,builtin.modinfo}; do
		[ -f "$file" ] && cp "$file" "$stage/lib/modules/$release/"
	done
	# The tree's modules sit in driver/'s subfolders (vf/, failover/,
	# tests/); the image has them flat under extra/.
	if [ -n "$ko_dir" ]; then
		mkdir -p "$stage/lib/modules/$release/extra"
		find "$ko_dir" -name '*.ko' -exec cp {} "$stage/lib/modules/$release/extra/" \;
	fi
	depmod -b "$stage" "$release"
}

install_busybox
for bin in "${!BINARIES[@]}"; do
	stage_binary "$stage" "$bin" "${BINARIES[$bin]}"
done
if [ -n "$tools_dir" ]; then
	for bin in "$tools_dir"/*; do
		[ -x "$bin" ] && stage_binary "$stage" "$bin" "/usr/bin/$(basename "$bin")"
	done
fi
install_kernel_modules
# glibc dlopens libgcc_s for pthread_cancel, which xl and libxenstore's
# xs_close (xvfd stopping) use; ldd cannot see that.
mkdir -p "$stage/lib/x86_64-linux-gnu"
cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$stage/lib/x86_64-linux-gnu/"
cp "$here/guest/init" "$stage/init"
cp "$here/guest/lib.sh" "$here/guest/failover.sh" "$here/guest/kernel-report.re" "$stage/xvf/"
# Scenarios by tier (xvft.scenario=TIER/NAME), each Xen scenario's guest
# half beside it; the PV guest's runner is xen/serve in the image.
for tier in vm xen ixgbe; do
	mkdir -p "$stage/xvf/scenarios/$tier"
	cp "$tests/scenarios/$tier"/* "$stage/xvf/scenarios/$tier/"
done
cp "$tests/xen/guest/serve.sh" "$stage/xvf/scenarios/xen/serve.sh"
cp "$tests/xen/guest/serve-checks.sh" "$stage/xvf/serve-checks.sh"
chmod +x "$stage/init"
if [ "$profile" = xen-dom0 ]; then
	mkdir -p "$stage/xvf/guest" "$stage/etc/xen/scripts"
	cp "$guest_dir/vmlinuz" "$guest_dir/initrd.gz" "$stage/xvf/guest/"
	[ -s "$guest_dir/System.map" ] && cp "$guest_dir/System.map" "$stage/xvf/guest/"
	cp "$tests/xen/dom0/vif-xvf" "$tests/xen/dom0/block-xvf" "$stage/etc/xen/scripts/"
	cp /etc/xen/xl.conf "$stage/etc/xen/"
	mkdir -p "$stage/xvf/xen"
	cp "$tests"/xen/dom0/*.sh "$stage/xvf/xen/"
	cp "$tests/xen/dom0/local-ssh" "$stage/xvf/local-ssh"
	chmod +x "$stage/xvf/local-ssh"
	chmod +x "$stage/etc/xen/scripts/vif-xvf" "$stage/etc/xen/scripts/block-xvf"
fi

(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$out"
