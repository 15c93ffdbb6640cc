#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The xvf demo: boot the test VM on the stock Debian kernel with QEMU's
# emulated Intel 82576 (igb, SR-IOV), enable two VFs from the in-guest PF
# driver, give VF0 its MAC, bring it up and ping QEMU's user-network gateway
# through it. The guest console is shown as it runs.
#
# XEN=1: the same VF passed by real Xen (in QEMU) to a PV guest beside
# xen-netfront, used, and detached (scenario xen-vf-passthrough).
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"

rel=$(stock_release)
echo "== building the xvf modules against $rel"
ko=$(build_modules stock "/lib/modules/$rel/build")
if [ "${XEN:-0}" = 1 ]; then
	# The Xen tier: Xen 4.17 and dom0 in QEMU; dom0 passes a VF to a PV
	# guest next to netfront, the guest pings through it, dom0 takes it
	# away again. The guest's own console is shown at the end.
	echo "== building dom0's and the PV guest's initramfs"
	initrd=$(mkinit_xen "$rel" "$ko")
	scenario=xen-vf-passthrough
	echo "== booting Xen in QEMU (TCG, q35, VT-d, igb behind a PCIe root port); about 1 min"
else
	echo "== building the test VM's initramfs"
	initrd=$(mkinit stock "$rel" / "$ko")
	scenario=vf-baseline
	echo "== booting QEMU (TCG, q35, igb behind a PCIe root port); this takes about 30 s"
fi
out=$("$XVF_ROOT/tests/vm/run.sh" --verbose --logdir "$XVF_BUILD/logs/demo" \
	--append xvft.verbose=1 --timeout 600 "/boot/vmlinuz-$rel" "$initrd" "$scenario")
echo
echo "== results"
echo "$out"
! grep -q '^FAIL' <<<"$out"
