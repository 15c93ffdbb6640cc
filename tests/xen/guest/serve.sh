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

# guest_serve NAME EXPRESSION: one of dom0's checks; a failure's reason
# carries the expression's last line of output (fo_state and the like).
guest_serve() {
	local out tail_line
	t_begin "$1"
	if out=$(eval "$2" 2>&1); then
		t_ok "$1"
		return
	fi
	echo "$out" | tail -n 20
	tail_line=$(echo "$out" | grep -v '^[[:space:]]*$' | tail -n 1 | tr -d '\r' | cut -c 1-300)
	t_fail "$1" "guest check failed: $2${tail_line:+ -- $tail_line}"
}

# The watch fires once when it is set and again on every change and after
# a resume, so a command dom0 wrote before this point is not missed.
last=
xenstore-watch data/xvft-cmd | while read -r _; do
	cmd=$(xenstore-read data/xvft-cmd 2>/dev/null)
	[ -z "$cmd" ] || [ "$cmd" = "$last" ] && continue
	last=$cmd
	name=${cmd%% *}
	expr=${cmd#* }
	[ "$name" = stop ] && break
	guest_serve "$name" "$expr"
done
