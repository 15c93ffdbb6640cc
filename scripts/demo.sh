#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The xvf demo: boot the test VM on the stock Debian kernel with QEMU's
# emulated Intel 82576 (igb, SR-IOV), enable two VFs from the in-guest PF
# driver, give VF0 its MAC, bring it up and ping QEMU's user-network gateway
# through it. The guest console is shown as it runs.
set -euo pipefail
. "$(dirname "$0")/../tests/lib.sh"

rel=$(stock_release)
echo "== building the xvf modules against $rel"
ko=$(build_modules stock "/lib/modules/$rel/build")
echo "== building the test VM's initramfs"
initrd=$(mkinit stock "$rel" / "$ko")
echo "== booting QEMU (TCG, q35, igb behind a PCIe root port); this takes about 30 s"
out=$("$XVF_ROOT/tests/vm/run.sh" --verbose --logdir "$XVF_BUILD/logs/demo" \
	--append xvft.verbose=1 --timeout 300 "/boot/vmlinuz-$rel" "$initrd" vf-baseline)
echo
echo "== results"
echo "$out"
! grep -q '^FAIL' <<<"$out"
