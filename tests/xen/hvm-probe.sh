#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Probe whether HVM and PVH guests run in this test bed (Xen nested in
# QEMU's TCG, which emulates AMD SVM with nested paging), and show where
# they stop. Not part of make check: run by hand.
#
#   tests/xen/hvm-probe.sh [LOGDIR]      (default: build/logs/hvm-probe)
#
# Needs Debian's device model for Xen, from bookworm-backports like the
# harness's QEMU: apt-get install -t bookworm-backports qemu-system-xen.
# The dom0 image is the Xen tier's, with a second archive appended to it
# (the kernel unpacks both): the device model and its libraries,
# hvmloader, SeaBIOS, and the debug PV kernel (tests/kernel/build.sh
# --pv-guest, for its symbols). The scenario is xen/hvm-probe.
#
# Two boots: the stock kernel as HVM and PVH guest (LOGDIR/stock), then
# the debug kernel alone (LOGDIR/debug), where QEMU runs with "-d in_asm":
# it logs every SVM #VMEXIT the nested hypervisor takes ("vmexit(CODE,
# INFO1, INFO2, RIP)") to LOGDIR/debug/qemu.log; a filter range that holds
# no code keeps translated blocks out of it.
# The runner then lists the exits with code 0 (a CR0 read) taken at the
# debug guest's kernel addresses (nokaslr), names each address from the
# debug kernel's System.map and disassembles the instruction there.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"

logdir=${1:-$XVF_BUILD/logs/hvm-probe}
DM=/usr/libexec/xen-qemu-system-i386
[ -x "$DM" ] || {
	echo "hvm-probe: no $DM: apt-get install -t bookworm-backports qemu-system-xen" >&2
	exit 2
}
mkdir -p "$logdir"
rel=$(stock_release)
ko=$(build_modules stock "/lib/modules/$rel/build")
dom0=$(mkinit_xen "$rel" "$ko")
kdir=$("$XVF_ROOT/tests/kernel/build.sh" --pv-guest | tail -n1)

# The appended archive.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
stage_binary "$stage" "$DM"
mkdir -p "$stage/usr/lib/xen-4.17/boot" "$stage/usr/share/seabios" \
	"$stage/usr/share/qemu" "$stage/xvf/guest"
cp /usr/lib/xen-4.17/boot/hvmloader "$stage/usr/lib/xen-4.17/boot/"
cp /usr/share/seabios/bios-256k.bin "$stage/usr/share/seabios/"
# The option ROMs and files the device model loads: direct kernel boot
# (-kernel), the APIC's, the VGA BIOS, its keymap.
cp /usr/share/qemu/{linuxboot.bin,linuxboot_dma.bin,kvmvapic.bin} "$stage/usr/share/qemu/"
cp /usr/share/seabios/vgabios-stdvga.bin "$stage/usr/share/seabios/"
mkdir -p "$stage/usr/share/qemu/keymaps"
cp /usr/share/qemu/keymaps/en-us "$stage/usr/share/qemu/keymaps/"
cp "$kdir/build/arch/x86/boot/bzImage" "$stage/xvf/guest/vmlinuz-debug"
image=$logdir/dom0-hvm.gz
{
	cat "$dom0"
	(cd "$stage" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1
} >"$image"

# probe_boot NAME GUESTS [QEMU-ARGS]: one Xen boot probing GUESTS.
probe_boot() {
	mkdir -p "$logdir/$1"
	XVF_QEMU_SMP=1 XVF_QEMU_EXTRA="${3:-} ${XVF_QEMU_EXTRA:-}" \
		"$XVF_ROOT/tests/vm/run.sh" --tier xen --logdir "$logdir/$1" --timeout 900 \
		--append "xvft.boot_wait=${XVF_HVM_BOOT_WAIT:-300} xvft.probe_guests=$2" \
		"/boot/vmlinuz-$rel" "$image" xen/hvm-probe | tee "$logdir/$1/results.txt"
	grep '^probe ' "$logdir/$1/hvm-probe.console.log" || true
}
# The stock kernel as HVM and PVH guest; then the debug kernel as HVM
# guest alone, with QEMU's log, so every exit in it is that guest's.
probe_boot stock "hvm+pvh"
qemu_log=$logdir/debug/qemu.log
rm -f "$qemu_log"
probe_boot debug hvm-debug "-d in_asm -dfilter 0x1000+0x1 -D $qemu_log"

# CR0-read exits at the debug kernel's addresses.
echo "#VMEXIT code 0 (CR0 read) at the debug guest kernel's addresses:"
grep -o 'vmexit(00000000, [0-9a-f]*, [0-9a-f]*, ffffffff8[0-9a-f]*)' "$qemu_log" |
	awk -F'[ ,)]+' '{ print $4 }' | sort | uniq -c |
	while read -r count rip; do
		# Same-width hex strings compare as strings: the nearest symbol
		# at or below the address.
		base=$(awk -v a="$rip" '$1 <= a { b = $1; n = $3 } END { print b, n }' \
			"$kdir/build/System.map")
		sym="${base#* }+$(printf '0x%x' $((0x$rip - 0x${base%% *})))"
		insn=$(objdump -d --start-address="0x$rip" --stop-address="$(printf '0x%x' $((0x$rip + 8)))" \
			"$kdir/build/vmlinux" | awk -F'\t' '/^ *ffffffff[0-9a-f]*:\t/ { print $3; exit }')
		echo "  $count x $rip $sym: $insn"
	done
