# SPDX-License-Identifier: GPL-2.0-or-later
# Xen tier, dom0: the bridge, the igb PF and the VF it passes through (sourced by lib.sh).

xen_bridge_up() {
	$IP link add $BRIDGE type bridge &&
		$IP addr add $DOM0_ADDR/24 dev $BRIDGE &&
		$IP link set $BRIDGE up
}

# dom0_vf_ready: the igb PF up in dom0 with one VF that carries the
# guest's netfront MAC and waits in pciback for xl pci-attach. Sets PF,
# PF_SYS and VF_BDF. Each step is a case.
dom0_vf_ready() {
	check dom0-load-igb "modprobe igb failed" modprobe igb || return 1
	PF_BDF=$(pci_find 8086:10c9)
	check dom0-pf-netdev "no netdev on the igb PF" \
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
# per step; fails at the first that fails.
dom0_peer_beside_pf() {
	check xen-toolstack "xenstored/xen-init-dom0/xenconsoled did not start" \
		xen_start_toolstack || return 1
	check xen-bridge "could not create $BRIDGE" xen_bridge_up || return 1
	dom0_vf_ready || return 1
	check dom0-pf-in-bridge "could not put the PF in $BRIDGE" dom0_pf_in_bridge
}

# What dom0 and Xen knew about the PF, its VFs and their interrupts: for
# the log of a failed passthrough case.
dom0_vf_diagnostics() {
	echo "----- dom0 igb/pciback messages -----"
	dmesg | grep -iE 'igb|pciback|vf' | tail -n 40
	echo "----- dom0 /proc/interrupts -----"
	cat /proc/interrupts
	echo "----- Xen interrupt bindings and MSI state -----"
	$XL debug-keys i >/dev/null 2>&1
	$XL debug-keys M >/dev/null 2>&1
	$XL dmesg | tail -n 80
	echo "----- end of diagnostics -----"
}
