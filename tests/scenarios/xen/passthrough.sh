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

vf_passthrough_round igbvf 8086:10ca $GATEWAY xen_vf_attach_to_traffic_seconds
# The guest's igbvf would take the VF again when it returns.
guest_check guest-igbvf-unloaded 30 "rmmod igbvf"
vf_passthrough_round xvf 8086:10ca $GATEWAY

guest_kernel_log_check
[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
check guest-destroy "xl destroy failed" $XL destroy $GUEST
