# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the Xen PV guest of every Xen-tier scenario: bring netfront
# up, then serve the checks dom0 sends through xenstore (data/xvft-cmd,
# "NAME EXPRESSION"), answering on the console. See tests/xen/dom0/guest.sh.

addr=$(xvf_cmdline_arg xvft.addr)
# A dom0 scenario may bring a guest half, tests/scenarios/NAME.guest,
# whose functions its checks call.
helpers=/xvf/scenarios/$(xvf_cmdline_arg xvft.helpers).guest
[ -f "$helpers" ] && . "$helpers"
check guest-netfront-loaded "modprobe xen-netfront failed" modprobe xen-netfront
# No udev here to autoload it: pcifront must be waiting on xenbus before
# dom0 runs xl pci-attach.
check guest-pcifront-loaded "modprobe xen-pcifront failed" modprobe xen-pcifront
check guest-eth0 "netfront gave no eth0" wait_until 20 'test -e /sys/class/net/eth0'
$IP addr add "$addr" dev eth0
$IP link set eth0 up

. /xvf/serve-checks.sh
serve_dom0_checks
