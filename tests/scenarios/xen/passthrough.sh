# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
# qemu-xen: yes
#
# Xen tier, runs in dom0: the igb PF driver in dom0 enables a VF and gives
# it the guest's netfront MAC; xl passes the VF to a running PV guest next
# to netfront; the guest's VF driver gets that MAC, carrier and traffic
# (ping to QEMU's user-network gateway through the VF); then xl detaches
# it with pings in flight and netfront still carries traffic. One boot,
# one guest, two rounds: the in-tree igbvf (the baseline), then xvf
# (traffic through xvf's rings over swiotlb-xen and pcifront's MSI-X).
# Each round's cases start with its driver's name.

GUEST_LOGLEVEL=6
. /xvf/xen/lib.sh
VF_ADDR=10.0.2.15/24
GATEWAY=10.0.2.2

check xen-toolstack "xenstored/xen-init-dom0/xenconsoled did not start" \
	xen_start_toolstack || return
check xen-bridge "could not create $BRIDGE" xen_bridge_up || return

dom0_vf_ready || return

xen_guest_config pv 'passthrough = "enabled"' >/tmp/guest.cfg
check guest-create "xl create failed" $XL create /tmp/guest.cfg || {
	guest_console_dump
	return
}
guest_check guest-netfront-ping-dom0 400 "ping -c 3 -W 2 $DOM0_ADDR" || guest_console_dump

# passthrough_round DRIVER: attach the VF, DRIVER binds it in the guest,
# traffic through it, detach under traffic; cases DRIVER-* and
# guest-DRIVER-*.
passthrough_round() {
	local d=$1 t0
	t0=$(now)
	check $d-pci-attach "xl pci-attach failed" $XL pci-attach $GUEST "$VF_BDF"
	guest_check guest-$d-sees-vf 60 \
		"wait_until 30 'pci_find 8086:10ca'" || guest_console_dump
	guest_check guest-$d-binds 60 \
		"modprobe $d && wait_until 30 'test -n \"\$(netdev_of_pci \$(pci_find 8086:10ca))\"'"
	guest_check guest-$d-vf-has-dom0-mac 30 \
		"[ \"\$(cat /sys/class/net/\$(netdev_of_pci \$(pci_find 8086:10ca))/address)\" = $GUEST_MAC ]" ||
		dom0_vf_diagnostics
	guest_check guest-$d-vf-carrier 60 \
		"VF=\$(netdev_of_pci \$(pci_find 8086:10ca)); \$IP addr add $VF_ADDR dev \$VF; \$IP link set \$VF up; wait_until 30 'grep -qx 1 /sys/class/net/'\$VF'/carrier'"
	guest_check guest-$d-vf-beside-netfront 30 \
		"\$IP -br link && \$IP -br link show eth0 | grep -q UP && \$IP -br link show \$(netdev_of_pci \$(pci_find 8086:10ca)) | grep -q UP"
	guest_check guest-$d-ping-via-vf 60 \
		"ping -c 3 -W 2 -I \$(netdev_of_pci \$(pci_find 8086:10ca)) $GATEWAY"
	[ "$d" = igbvf ] && metric xen_vf_attach_to_traffic_seconds "$(elapsed_since "$t0")"
	guest_check guest-$d-vf-driver 30 \
		"\$ETHTOOL -i \$(netdev_of_pci \$(pci_find 8086:10ca)) | grep -qx 'driver: $d'"

	guest_check guest-$d-pings-in-flight 30 \
		"ping -q -i 0.05 -w 30 -I \$(netdev_of_pci \$(pci_find 8086:10ca)) $GATEWAY >/dev/null 2>&1 &"
	check $d-pci-detach "xl pci-detach failed" $XL pci-detach $GUEST "$VF_BDF"
	guest_check guest-$d-vf-gone 60 "wait_until 30 '! pci_find 8086:10ca'"
	guest_check guest-$d-netfront-after-detach 60 "\$IP -br link && ping -c 3 -W 2 $DOM0_ADDR"
}

passthrough_round igbvf
# The guest's igbvf would take the VF again when it returns.
guest_check guest-igbvf-unloaded 30 "rmmod igbvf"
passthrough_round xvf

guest_kernel_log_check
[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
check guest-destroy "xl destroy failed" $XL destroy $GUEST
