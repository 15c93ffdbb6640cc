# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-hub-virtio
# kernel-args: loglevel=7 iomem=relaxed
# timeout: 1200
#
# (iomem=relaxed: devmem may write the MSI-X table of a BAR that xvf
# holds, see vf_msix_mask.)
# xvf_failover in the plain VM, the quick stand-in for Xen: virtio-net
# plays netfront (standby_drivers=virtio_net), VF0 of the emulated 82576
# with the same MAC is the fast path, and the PF, moved into network
# namespace "peer", is the other end. While VF0 holds the MAC, the NIC's
# internal switch hands the peer's frames to it; without (MAC cleared or
# VF gone) they leave on the wire and reach virtio-net through the QEMU
# hub. Two sequence-numbered UDP streams, guest->peer ("up") and
# peer->guest ("down"), run through every phase:
#   steady         both paths there, transmit on the VF
#   surprise       the VF's driver unbound under traffic, no warning
#   return         the VF back with the same MAC, paired again
#   vf-reset       the VF reset behind its driver (as Xen does before a
#                  detach), restored and paired again
#   planned-detach hold, the MAC filter cleared on the PF, the VF removed
#   planned-return the VF back, paired, hold released
#   mtu            the master's MTU changed to 1400 and back
#   cycles         CYCLES surprise removals and returns
#   vfs-reenabled  sriov_numvfs=0 and 1 (which also resets the PF)
# Lost, duplicated and reordered packets of each phase and direction are
# metrics; the cases check pairing, path choice, the hold, the slaves'
# flags and MTU, that each stream resumes after each phase, and that the
# planned detach loses nothing in either direction.

MAC=02:58:56:46:00:01
PEER_ADDR=192.168.77.2
GUEST_ADDR=192.168.77.1
# The debug kernel (KASAN, lockdep, kmemleak) runs at a
# tenth of the rate and leaves the bonding anchor to the stock kernel,
# where it is compared. At 10,000 packets a second, under KASAN and TCG,
# the guest's stream once failed to deliver a phase's 5,000 packets on
# the virtio path within the 60 s allowed (a CI run).
DEBUG_KERNEL=
[ -d /sys/kernel/debug/kunit ] && DEBUG_KERNEL=1
RATE=$(xvf_cmdline_arg xvft.rate)
RATE=${RATE:-${DEBUG_KERNEL:+1000}}
RATE=${RATE:-10000}	# packets a second, each direction
# Each stream delivers this much after each phase: proof that it
# resumed, and the end of the phase's loss count. Under TCG a sender
# keeps nowhere near 10,000 a second (its sleeps overrun): 5,000 took
# 9-14 s a phase on 6.1, 17 phases a boot (the results log's times);
# 500 still spans about a second past the switch, longer than any late
# frame of the old path has taken. make soak keeps RATE / 2.
PHASE_PACKETS=$(repeat 500 $((RATE / 2)))
# Removal cycles: a few in make check, 50 in make soak (xvft.cycles=N
# sets any count).
CYCLES=$(xvf_cmdline_arg xvft.cycles)
CYCLES=${CYCLES:-$(repeat 2 50)}
. /xvf/failover.sh
failover_pair_up || return
streams_start || return

PREFIX=failover_vm

phase_end steady
check steady-on-vf "transmit left the VF with nothing happening" \
	fo_is active vf
# Broadcast and multicast reach both paths; the stack must see each once.
check group-frames-once-paired "broadcast or multicast delivered twice (or lost) with the VF paired" \
	group_frames_once 100
# udev renames a VF while it is up and enslaved: allowed, and it stays.
check live-rename "renaming the VF while up failed or unpaired it" eval \
	"$IP link set $VF name fovf && fo_is vf fovf && fo_is active vf"

check surprise-removal "transmit did not move to the standby when the VF vanished" vf_leaves
check surprise-vf-unpaired "the master still names a VF" \
	test -z "$(fo vf)"
check group-frames-once-standby "broadcast or multicast delivered twice (or lost) on the standby alone" \
	group_frames_once 100
# Until the VF returns the NIC still steers the MAC to it (the host has
# not cleared its filter): only the guest's stream can go on here.
phase_end surprise up
XFO_UNPLANNED_LOST=$LOST_up

check return-repaired "the returning VF was not paired again" eval "vf_arrives && vf_paired"
phase_end return

# The VF reset without its driver hearing of it, as Xen's pciback resets
# a VF in dom0 before pcifront is told it is taken away (here the guest's
# own reset attribute: the same kernel function, and xvf has no
# reset_prepare hook). The queues stop sending, completing and
# interrupting; transmit must leave the VF long before the stack's TX
# timeout (5 s) and come back once the VF is restored.
check vf-reset-unheard "resetting the VF through sysfs failed" eval \
	"echo 1 > $PF_SYS/virtfn0/reset"
phase_end vf-reset
# Until the VF is restored the NIC hands the peer's frames to its dead
# queue: the down stream measures how long that took.
check vf-reset-lost-little "the reset behind the VF's driver lost $LOST_up up and $LOST_down down (half a second's worth: $((RATE / 2)))" \
	test $((LOST_up + LOST_down)) -lt $((RATE / 2))
check vf-reset-recovered "the VF did not carry transmit again after its reset" vf_paired

# Xen takes a VF's interrupts first (libxl unmaps them), then resets the
# VF, then tells pcifront. Without interrupts the VF still sends and
# completes; the completions must be cleaned anyway (the TX stall check
# polls for them), or BQL stops the queue within a few frames and the
# rest wait in the qdisc, to be lost with the VF, and received frames
# wait in the ring for the watchdog's poll a second later. Here: the
# VF's MSI-X vectors masked behind its driver, then the reset.
# devmem needs /dev/mem, which the debug kernel leaves out (CONFIG_DEVMEM
# off): there the stock kernel's run is the check.
if [ -e /dev/mem ]; then
	check vf-irqs-masked "masking the VF's MSI-X vectors failed" \
		vf_msix_mask "$PF_SYS/virtfn0" 1
	phase_end irqs-masked
	check irqs-masked-vf-flows "with its interrupts masked the VF stalled: up $LOST_up lost, gap $GAP_MS_up ms; down $LOST_down lost, gap $GAP_MS_down ms" \
		test "$LOST_up" = 0 -a "$LOST_down" = 0 -a "$GAP_MS_up" -lt 500 -a "$GAP_MS_down" -lt 500
	check vf-reset-irqs-masked "resetting the VF through sysfs failed" eval \
		"echo 1 > $PF_SYS/virtfn0/reset"
	phase_end irqs-masked-reset
	check irqs-masked-reset-lost-little "the reset of a VF without interrupts lost $LOST_up up and $LOST_down down (half a second's worth: $((RATE / 2)))" \
		test $((LOST_up + LOST_down)) -lt $((RATE / 2))
	# The restore asks for its interrupts again: the kernel unmasks them.
	check irqs-masked-reset-recovered "the VF did not carry transmit again after its reset" vf_paired
else
	t_skip vf-irqs-masked "no /dev/mem in this kernel (CONFIG_DEVMEM off): the stock kernel's run masks the VF's interrupts"
fi

# Then Xen deassigns the VF from the IOMMU: it can fetch nothing, while
# its queues read enabled and its registers answer. Here: its bus
# mastering cleared behind the driver. Transmit must leave it (carrier
# off after two stall checks with nothing completed), not wait for the
# VF to be taken away.
check vf-dma-cut "clearing the VF's bus mastering failed" \
	vf_bus_master "$PF_SYS/virtfn0" 0
phase_end dma-cut up
check dma-cut-lost-little "with its DMA cut the VF held transmit: up lost $LOST_up (half a second's worth: $((RATE / 2)))" \
	test "$LOST_up" -lt $((RATE / 2))
check dma-cut-hang-counted "xvf did not count the hang (ethtool -S tx_hangs)" eval \
	"$ETHTOOL -S \$(fo vf) | grep -q 'tx_hangs: [1-9]'"
# The frames in its ring were never fetched: back by a rebind, as the
# VF would come back by a new attach under Xen.
check dma-cut-vf-back "the VF did not come back after its DMA returned" eval \
	"vf_bus_master $PF_SYS/virtfn0 1 && vf_leaves && vf_arrives && vf_paired"
phase_end dma-cut-return

# The planned switch, as xvfd and xvf-host will drive it. The agent
# waits on rtnetlink: every change of hold or path is an RTM_NEWLINK.
$IP monitor link >/tmp/monitor.log 2>&1 &
MONITOR=$!
# Listening once it reports a change we make (the file exists earlier):
# an alias, which touches no traffic (a txqueuelen change deactivates the
# master's queues and drops frames).
check monitor-listening "ip monitor link reported nothing" wait_until 10 \
	"$IP link set $M alias probe\$RANDOM; grep -q '$M' /tmp/monitor.log"
events=$(grep -c "$M" /tmp/monitor.log)
# Settings over netlink only: a value within bounds takes, one beyond is
# refused and changes nothing, a read-only attribute cannot be set, and
# the master has no sysfs files of its own.
check netlink-settings "wait_ms did not take over netlink, or a bad value was accepted" eval \
	"xfo $M wait_ms 1500 && fo_is wait_ms 1500 && ! xfo $M wait_ms 70000 2>/dev/null &&
	 fo_is wait_ms 1500 && ! xfo $M switches 0 2>/dev/null &&
	 ! xfo $M vf_tx_busy 0 2>/dev/null && xfo $M wait_ms 2000 &&
	 fo_is takeover_ms 100 && [ ! -e /sys/class/net/$M/failover ]"
switches=$(fo switches)
# As the agent will: hold, then wait (bounded) until no frame is left
# on the VF, then let the host take it.
check hold-moves-tx "the hold did not move transmit to the standby" eval \
	"xfo $M hold 1 && fo_is active standby && [ -n \"\$(fo vf)\" ]"
vf_drained() {
	wait_until 5 "fo_is vf_tx_busy 0" && return
	local vf
	vf=$(fo vf)
	echo "$vf: $(cat /sys/class/net/$vf/queues/tx-0/byte_queue_limits/inflight) bytes in flight (BQL)"
	xfo $M | tr "\n" " "; echo
	return 1
}
check vf-drained "frames stayed on the held VF" vf_drained
check hold-announced "no RTM_NEWLINK for the master after the hold" \
	wait_until 5 "[ \$(grep -c '$M' /tmp/monitor.log) -gt $events ]"
kill $MONITOR 2>/dev/null
check planned-detach "clearing the MAC filter and removing the VF failed" eval \
	"$IP -n peer link set $PF vf 0 mac 00:00:00:00:00:00 && vf_leaves"
phase_end planned-detach
check planned-detach-lossless "the planned detach lost packets (up $LOST_up, down $LOST_down)" \
	test "$LOST_up" = 0 -a "$LOST_down" = 0
check planned-vf-back-held "the returning VF took transmit despite the hold" eval \
	"$IP -n peer link set $PF vf 0 mac $MAC && vf_arrives && wait_until 20 '[ -n \"\$(fo vf)\" ]' && fo_is active standby"
check release-moves-tx "releasing the hold did not bring transmit back to the VF" eval \
	"xfo $M hold 0 && vf_paired"
phase_end planned-return
check switches-counted "the path switches were not counted" \
	test "$(fo switches)" -ge $((switches + 2))

VF=$(fo vf)
check mtu-propagates "MTU 1400 on the master did not reach both slaves" eval \
	"$IP link set $M mtu 1400 && [ \$(cat /sys/class/net/$VF/mtu) = 1400 ] && [ \$(cat /sys/class/net/$SB/mtu) = 1400 ]"
check mtu-back "MTU 1500 did not come back" $IP link set $M mtu 1500
phase_end mtu

check cycles-$CYCLES "a removal/return cycle failed" eval "
	for i in \$(seq $CYCLES); do
		vf_leaves && vf_arrives && vf_paired || exit 1
	done"
phase_end cycles
XFO_UNPLANNED_LOST=$((XFO_UNPLANNED_LOST + LOST_up))

# sriov_numvfs=0: the VF vanishes and the igb PF, the peer, resets too.
check vfs-disabled "transmit did not move to the standby with the VFs disabled" eval \
	"echo 0 > $PF_SYS/sriov_numvfs && wait_until 10 'fo_is active standby'"
check vfs-enabled "the VF was not paired again after sriov_numvfs=1" eval \
	"vf_enable && vf_arrives && vf_paired"
phase_end vfs-reenabled

check per-path-stats "ethtool -S on the master lacks per-path counters" eval \
	"$ETHTOOL -S $M | grep -Eq 'vf_tx_packets: [1-9]' && $ETHTOOL -S $M | grep -Eq 'standby_rx_packets: [1-9]'"

# The master lives where its netfront does: moved away and that
# namespace deleted, it would go without leaving the failover framework.
check master-stays-in-netns "the master could be moved to another namespace" eval \
	"$IP netns add elsewhere && ! $IP link set $M netns elsewhere 2>/dev/null;
	 rc=\$?; $IP netns del elsewhere; [ \$rc = 0 ] && test -e /sys/class/net/$M"
# The VF is paired by its MAC: the guest may not change it; when the PF's
# admin does (xvf learns it at the PF's next reset), the VF is unpaired
# and transmit stays on the standby.
check vf-mac-change-refused "the paired VF's MAC could be changed from the guest" eval \
	"! $IP link set \$(fo vf) address 02:58:56:46:00:99 2>/dev/null && fo_is active vf"
check vf-unpaired-on-admin-mac "a VF given another MAC by the PF stayed paired" eval \
	"$IP -n peer link set $PF vf 0 mac 02:58:56:46:00:98 &&
	 $IP -n peer link set $PF down && $IP -n peer link set $PF up &&
	 wait_until 20 '[ -z \"\$(fo vf)\" ] && fo_is active standby'"

# A VF whose MAC matches no standby stays alone, and the log says so.
check other-mac-vf-left-alone "a VF with another MAC was paired, or not reported" eval \
	"echo 0 > $PF_SYS/sriov_numvfs && echo 2 > $PF_SYS/sriov_numvfs &&
	 $IP -n peer link set $PF vf 1 mac 02:58:56:46:00:77 &&
	 bind_xvf \$(basename \$(readlink $PF_SYS/virtfn1)) &&
	 wait_until 10 'dmesg | grep -q \"02:58:56:46:00:77 matches no netfront\"' &&
	 ! fo_is vf \"\$(netdev_of_pci \$(basename \$(readlink $PF_SYS/virtfn1)))\""

# netfront gone and back at once, five times over (a vif detached and
# attached again): each time the master goes and a new one comes, and in
# the end there is one, with the standby.
standby_bounce() {
	local dev i
	dev=$(basename "$(readlink /sys/class/net/$SB/device)")
	for i in 1 2 3 4 5; do
		echo "$dev" >/sys/bus/virtio/drivers/virtio_net/unbind &&
			echo "$dev" >/sys/bus/virtio/drivers/virtio_net/bind || return 1
	done
	SB=$(basename "$(ls -d /sys/bus/virtio/devices/$dev/net/* 2>/dev/null | head -n1)")
	wait_until 20 "[ \$(fo_count) = 1 ] && fo_is standby '$SB'"
}
check standby-bounce "after netfront went and came back five times there is not one master with it" \
	standby_bounce
check unload-failover "rmmod xvf_failover with a master in use failed" eval \
	"rmmod xvf_failover && wait_until 10 'test ! -e /sys/class/net/$M'"
check slaves-released "a slave kept the SLAVE flag after the unload" eval \
	"! $IP -o link show $SB | grep -q SLAVE"

if [ -n "$DEBUG_KERNEL" ]; then
	t_skip bonding-anchor "the bonding anchor runs on the stock kernel"
	kill $UP_TX $DOWN_TX 2>/dev/null
	return
fi

# The anchor, in the same boot on the same pair with the same streams:
# bonding in active-backup (miimon 100, use_carrier), once with
# all_slaves_active 0 (the default: frames on the inactive slave are
# dropped) and once with 1, through the same phases; the planned switch
# is the admin's (active_slave to the standby, then back).
B=bond0
BOND=/sys/class/net/$B/bonding
vf_netdev() { netdev_of_pci "$(basename "$(readlink "$PF_SYS/virtfn0")")"; }
bond_enslave() {	# NETDEV: down, into the bond
	$IP link set "$1" down && $IP link set "$1" master $B
}
bond_on() {	# NETDEV: the active slave, within 20 s
	wait_until 20 "grep -qx '$1' $BOND/active_slave"
}
bond_vf_returns() {	# bound, enslaved, made active (what a script does)
	vf_arrives && bond_enslave "$(vf_netdev)" &&
		echo "$(vf_netdev)" >$BOND/active_slave && bond_on "$(vf_netdev)"
}
bond_vf_leaves() {
	VF_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")") &&
		echo "$VF_BDF" >/sys/bus/pci/drivers/xvf/unbind && bond_on "$SB"
}
check bond-vf-ready "VF0 would not come back with the MAC for the bond" eval \
	"$IP -n peer link set $PF vf 0 mac $MAC && vf_arrives"
check load-bonding "modprobe bonding failed" modprobe bonding max_bonds=0
for asa in 0 1; do
	PREFIX=failover_vm_bond$asa
	check bond$asa-up "bond0 (all_slaves_active $asa) over $SB and the VF did not come up" eval \
		"$IP link add $B type bond mode active-backup miimon 100 use_carrier 1 all_slaves_active $asa primary_reselect failure &&
		 bond_enslave $SB && bond_enslave \$(vf_netdev) && echo \$(vf_netdev) > $BOND/primary &&
		 $IP addr add $GUEST_ADDR/24 dev $B && $IP link set $B up && neigh_pin $B &&
		 bond_on \$(vf_netdev)" || break
	# What the streams lost while the address moved here: not compared.
	phase_end setup
	phase_end steady
	check bond$asa-surprise "the bond did not fail over when the VF vanished" bond_vf_leaves
	phase_end surprise up
	eval "BOND${asa}_UNPLANNED_LOST=\$LOST_up"
	check bond$asa-return "the returning VF did not become active" bond_vf_returns
	phase_end return
	check bond$asa-planned-detach "the admin's switch, MAC clearing and removal failed" eval \
		"echo $SB > $BOND/active_slave && bond_on $SB &&
		 $IP -n peer link set $PF vf 0 mac 00:00:00:00:00:00 && bond_vf_leaves"
	phase_end planned-detach
	check bond$asa-planned-return "the VF did not come back and take over" eval \
		"$IP -n peer link set $PF vf 0 mac $MAC && bond_vf_returns"
	phase_end planned-return
	check bond$asa-mtu "MTU 1400 and back on the bond failed" eval \
		"$IP link set $B mtu 1400 && $IP link set $B mtu 1500"
	phase_end mtu
	check bond$asa-cycles-$CYCLES "a bond removal/return cycle failed" eval "
		for i in \$(seq $CYCLES); do
			bond_vf_leaves && bond_vf_returns || exit 1
		done"
	phase_end cycles
	eval "BOND${asa}_UNPLANNED_LOST=\$((BOND${asa}_UNPLANNED_LOST + LOST_up))"
	$IP link del $B
done
# Unplanned removals: the surprise and the CYCLES cycles, the guest's
# stream (the peer's goes to the VF's filter until it returns, for both).
check unplanned-not-worse-than-bonding \
	"xvf_failover lost more in unplanned removals ($XFO_UNPLANNED_LOST) than bonding ($BOND0_UNPLANNED_LOST)" \
	test "$XFO_UNPLANNED_LOST" -le "${BOND0_UNPLANNED_LOST:-0}"

kill $UP_TX $DOWN_TX 2>/dev/null
kill -TERM $UP_RX $DOWN_RX 2>/dev/null
wait $UP_TX $DOWN_TX $UP_RX $DOWN_RX 2>/dev/null
