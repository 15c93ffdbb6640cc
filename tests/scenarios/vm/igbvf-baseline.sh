# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
#
# Baseline on real emulated hardware: the in-guest igb PF driver enables two
# VFs, sets their MACs, the in-tree igbvf binds one VF, and ICMP to QEMU's
# user-network gateway flows through that VF. The xvf driver is measured
# against this later.

VF0_MAC=02:58:56:46:00:01
VF1_MAC=02:58:56:46:00:02
VF_ADDR=10.0.2.15/24
GATEWAY=10.0.2.2

igb_pf_ready || return
check pf-sriov-capable "PF reports fewer than 2 VFs" \
	test "$(cat "$PF_SYS/sriov_totalvfs")" -ge 2 || return
check enable-2-vfs "writing sriov_numvfs=2 failed" \
	sh -c "echo 2 > $PF_SYS/sriov_numvfs" || return
check vfs-appear "two 8086:10ca VF functions did not appear" \
	wait_until 10 'test -e $PF_SYS/virtfn1' || return
VF0_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
VF1_BDF=$(basename "$(readlink "$PF_SYS/virtfn1")")
check vf-ids "VF PCI id is not 8086:10ca" sh -c \
	"[ \$(cat /sys/bus/pci/devices/$VF0_BDF/device) = 0x10ca ] && [ \$(cat /sys/bus/pci/devices/$VF1_BDF/device) = 0x10ca ]"

check set-vf-macs "PF refused to set VF MACs" sh -c \
	"$IP link set $PF vf 0 mac $VF0_MAC && $IP link set $PF vf 1 mac $VF1_MAC"
check pf-shows-vf-macs "PF does not list the VF MACs it was given" sh -c \
	"$IP link show $PF | grep -q 'vf 0.* $VF0_MAC' && $IP link show $PF | grep -q 'vf 1.* $VF1_MAC'"

check load-igbvf "modprobe igbvf failed" modprobe igbvf || return
# With autoprobe off the PCI core probes a VF only for its driver_override.
check bind-igbvf-vf0 "igbvf would not bind $VF0_BDF" sh -c \
	"echo igbvf > /sys/bus/pci/devices/$VF0_BDF/driver_override && echo $VF0_BDF > /sys/bus/pci/drivers_probe && test -e /sys/bus/pci/drivers/igbvf/$VF0_BDF"
check vf0-netdev "no netdev on VF0" \
	wait_until 10 'test -n "$(netdev_of_pci $VF0_BDF)"' || return
VF=$(netdev_of_pci "$VF0_BDF")
check vf1-left-unbound "VF1 got a driver although autoprobe is off" \
	test ! -e "/sys/bus/pci/devices/$VF1_BDF/driver"
check vf0-has-pf-mac "VF0 does not carry the MAC the PF assigned" \
	test "$(cat "/sys/class/net/$VF/address")" = "$VF0_MAC"

$IP addr add $VF_ADDR dev "$VF"
check vf0-up "VF0 would not come up" $IP link set "$VF" up
check vf0-carrier "VF0 has no carrier" \
	wait_until 15 'grep -qx 1 /sys/class/net/$VF/carrier' 

tx0=$(link_stat "$VF" tx_packets)
rx0=$(link_stat "$VF" rx_packets)
check ping-gateway-via-vf "no answer from $GATEWAY through the VF" \
	ping -c 5 -W 2 -I "$VF" $GATEWAY
check vf-counted-traffic "VF counters did not move (tx $tx0->$(link_stat "$VF" tx_packets), rx $rx0->$(link_stat "$VF" rx_packets))" \
	eval '[ $(link_stat $VF tx_packets) -ge $((tx0 + 5)) ] && [ $(link_stat $VF rx_packets) -ge $((rx0 + 5)) ]' 
check vf-driver-is-igbvf "VF0 driver is not igbvf" sh -c \
	"$ETHTOOL -i $VF | grep -qx 'driver: igbvf'"
# The anchor of vm/xvf-driver's pf-mtu-changes-recovered.
check pf-mtu-changes-recovered "igbvf did not recover from PF MTU changes" \
	pf_mtu_changes_recovered "$VF" $GATEWAY

[ "$XVF_VERBOSE" = 1 ] && {
	$IP -d link show "$PF"
	$IP -s link show "$VF"
	$ETHTOOL -i "$VF"
}

check disable-vfs "writing sriov_numvfs=0 failed" \
	sh -c "echo 0 > $PF_SYS/sriov_numvfs"
check vf-netdev-gone "VF0's netdev survived VF removal" \
	wait_until 10 'test ! -e /sys/class/net/$VF' 
