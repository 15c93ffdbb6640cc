#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The xvf demo (make demo): real Xen 4.17 in QEMU, a PV guest with netfront
# and a VF of the emulated 82576 passed through, xvf + xvf_failover +
# xvfd in the guest; one migration under traffic while `xvfctl watch`
# prints the steps (scenario xen/demo). About 5 minutes.
#
# PLAIN=1: the quick one, no Xen (about 1 minute): the stock kernel in
# QEMU enables two VFs on the emulated NIC, gives VF0 its MAC and pings
# QEMU's user-network gateway through it (scenario vm/igbvf-baseline).
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"

rel=$(stock_release)
echo "== building the xvf modules against $rel"
ko=$(build_modules stock "/lib/modules/$rel/build")
if [ "${PLAIN:-0}" = 1 ]; then
	echo "== building the test VM's initramfs"
	initrd=$(mkinit stock "$rel" / "$ko")
	scenario=vm/igbvf-baseline tier=vm
	echo "== booting QEMU (TCG, q35, igb behind a PCIe root port); this takes about 30 s"
else
	echo "== building dom0's and the PV guest's initramfs"
	initrd=$(mkinit_xen "$rel" "$ko")
	scenario=xen/demo tier=xen
	echo "== booting Xen in QEMU (TCG, q35, VT-d, igb behind a PCIe root port); about 5 min in all"
fi
out=$("$XVF_ROOT/tests/vm/run.sh" --tier "$tier" --verbose --logdir "$XVF_BUILD/logs/demo" \
	--append xvft.verbose=1 --timeout 900 "/boot/vmlinuz-$rel" "$initrd" "$scenario")
echo
echo "== results"
echo "$out"
! grep -q '^FAIL' <<<"$out"
