# SPDX-License-Identifier: GPL-2.0-or-later
# Xen tier, dom0: the bridge, the PF and the VF it passes through (sourced by lib.sh).

xen_bridge_up() {
	$IP link add $BRIDGE type bridge &&
		$IP addr add $DOM0_ADDR/24 dev $BRIDGE &&
		$IP link set $BRIDGE up
}

# dom0_vf_ready [DRIVER PCI-ID]: the PF (default: QEMU's igb; the 82599
# model is ixgbe 8086:10f7) up in dom0 with one VF that carries the
# guest's netfront MAC and waits in pciback for xl pci-attach. Sets PF,
# PF_SYS and VF_BDF. Each step is a case.
dom0_vf_ready() {
	local drv=${1:-igb} id=${2:-8086:10c9}
	check dom0-load-$drv "modprobe $drv failed" modprobe "$drv" || return 1
	PF_BDF=$(pci_find "$id")
	check dom0-pf-netdev "no netdev on the $drv PF" \
		wait_until 10 'test -n "$(netdev_of_pci $PF_BDF)"' || return 1
	PF=$(netdev_of_pci "$PF_BDF")
	PF_SYS=/sys/bus/pci/devices/$PF_BDF
	echo 0 >"$PF_SYS/sriov_drivers_autoprobe"
	check dom0-pf-up "PF would not come up" $IP link set "$PF" up || return 1
	check dom0-enable-vf "sriov_numvfs=1 failed" sh -c "echo 1 > $PF_SYS/sriov_numvfs" || return 1
	check dom0-vf-appears "no VF function" wait_until 10 'test -e $PF_SYS/virtfn0' || return 1
	VF_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
	# The VF carries the guest's netfront MAC, set from the PF before any VF
	# driver sees it.
	check dom0-vf-mac "PF refused the VF MAC" \
		$IP link set "$PF" vf 0 mac "$GUEST_MAC" || return 1
	# Autoprobe is off, so the PCI core probes the VF only for its override.
	echo pciback >"/sys/bus/pci/devices/$VF_BDF/driver_override"
	check dom0-vf-assignable "xl pci-assignable-add failed" \
		$XL pci-assignable-add "$VF_BDF" || return 1
}

# The peer sits on the bridge behind the PF. The bridge takes the PF's
# MAC, so a frame from the VF to the peer is one the NIC's internal switch
# hands to the PF (unicast between a VF and its PF never reaches the wire).
dom0_pf_in_bridge() {
	$IP link set "$PF" master $BRIDGE &&
		$IP link set $BRIDGE address "$(cat /sys/class/net/"$PF"/address)"
}

# dom0 with its toolstack and bridge, a VF with the guest's MAC ready to
# pass through, and the PF on the bridge: the peer reaches the guest
# through the NIC's internal switch and through netback. Reports a case
# per step; fails at the first that fails. DOM0_PF: the PF's driver and
# PCI id (dom0_vf_ready's; the scenarios of the 82599 model set it).
dom0_peer_beside_pf() {
	check xen-toolstack "xenstored/xen-init-dom0/xenconsoled did not start" \
		xen_start_toolstack || return 1
	check xen-bridge "could not create $BRIDGE" xen_bridge_up || return 1
	# shellcheck disable=SC2086 # DOM0_PF is "DRIVER PCI-ID"
	dom0_vf_ready ${DOM0_PF:-} || return 1
	check dom0-pf-in-bridge "could not put the PF in $BRIDGE" dom0_pf_in_bridge
}

# What dom0 and Xen knew about the PF, its VFs and their interrupts: for
# the log of a failed passthrough case.
dom0_vf_diagnostics() {
	echo "----- dom0 PF driver/pciback messages -----"
	dmesg | grep -iE 'igb|ixgbe|pciback|vf' | tail -n 40
	echo "----- dom0 /proc/interrupts -----"
	cat /proc/interrupts
	echo "----- Xen interrupt bindings and MSI state -----"
	$XL debug-keys i >/dev/null 2>&1
	$XL debug-keys M >/dev/null 2>&1
	$XL dmesg | tail -n 80
	echo "----- end of diagnostics -----"
}

# vf_passthrough_round DRIVER VF-ID PEER [METRIC]: xl attaches the VF
# (VF_BDF) to the running guest, DRIVER binds it there and gets the MAC
# dom0 set (GUEST_MAC), carrier (address VF_ADDR) and pings PEER through
# it; then xl detaches it with pings in flight and netfront still
# carries traffic to dom0. METRIC, if given, records the seconds from the
# attach to the first answered ping. Cases DRIVER-* and guest-DRIVER-*.
vf_passthrough_round() {
	local d=$1 id=$2 peer=$3 metric_name=${4:-} t0 vf
	vf="\$(netdev_of_pci \$(pci_find $id))"
	t0=$(now)
	check $d-pci-attach "xl pci-attach failed" $XL pci-attach $GUEST "$VF_BDF"
	guest_check guest-$d-sees-vf 60 "wait_until 30 'pci_find $id'" ||
		guest_console_dump
	guest_check guest-$d-binds 60 \
		"modprobe $d && wait_until 30 'test -n \"$vf\"'"
	guest_check guest-$d-vf-has-dom0-mac 30 \
		"[ \"\$(cat /sys/class/net/$vf/address)\" = $GUEST_MAC ]" ||
		dom0_vf_diagnostics
	guest_check guest-$d-vf-carrier 60 \
		"VF=$vf; \$IP addr add $VF_ADDR dev \$VF; \$IP link set \$VF up; wait_until 30 'grep -qx 1 /sys/class/net/'\$VF'/carrier'"
	guest_check guest-$d-vf-beside-netfront 30 \
		"\$IP -br link && \$IP -br link show eth0 | grep -q UP && \$IP -br link show $vf | grep -q UP"
	guest_check guest-$d-ping-via-vf 60 "ping -c 3 -W 2 -I $vf $peer" ||
		dom0_vf_diagnostics
	[ -n "$metric_name" ] && metric "$metric_name" "$(elapsed_since "$t0")"
	guest_check guest-$d-vf-driver 30 \
		"\$ETHTOOL -i $vf | grep -qx 'driver: $d'"

	guest_check guest-$d-pings-in-flight 30 \
		"ping -q -i 0.05 -w 30 -I $vf $peer >/dev/null 2>&1 &"
	check $d-pci-detach "xl pci-detach failed" $XL pci-detach $GUEST "$VF_BDF"
	guest_check guest-$d-vf-gone 60 "wait_until 30 '! pci_find $id'"
	guest_check guest-$d-netfront-after-detach 60 "\$IP -br link && ping -c 3 -W 2 $DOM0_ADDR"
}
