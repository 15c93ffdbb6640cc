# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-user
# qemu-build: x82599
# qemu-xen: yes
#
# The 82599 test model under real Xen, runs in dom0: the Debian kernel's
# ixgbe in dom0 enables a VF with the guest's netfront MAC; xl passes the
# VF to a running PV guest next to netfront; the guest's in-tree ixgbevf
# binds it (pcifront's MSI-X, DMA through swiotlb-xen), gets that MAC and
# carrier, and pings dom0 through the model's switch (VF to PF). Then xl
# detaches it with pings in flight and netfront still carries traffic.

GUEST_LOGLEVEL=6
. /xvf/xen/lib.sh
# dom0's PF has an address of its own, outside the bridge netfront is on:
# the guest reaches it only through the VF.
PF_NET_ADDR=10.98.0.1
VF_ADDR=10.98.0.2/24

check xen-toolstack "xenstored/xen-init-dom0/xenconsoled did not start" \
	xen_start_toolstack || return
check xen-bridge "could not create $BRIDGE" xen_bridge_up || return
dom0_vf_ready ixgbe 8086:10f7 || return
check dom0-pf-addr "could not address the PF" $IP addr add $PF_NET_ADDR/24 dev "$PF"

xen_guest_config pv 'passthrough = "enabled"' >/tmp/guest.cfg
check guest-create "xl create failed" $XL create /tmp/guest.cfg || {
	guest_console_dump
	return
}
guest_check guest-netfront-ping-dom0 400 "ping -c 3 -W 2 $DOM0_ADDR" || guest_console_dump

vf_passthrough_round ixgbevf 8086:10ed $PF_NET_ADDR

guest_kernel_log_check
[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
check guest-destroy "xl destroy failed" $XL destroy $GUEST
