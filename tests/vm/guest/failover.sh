# SPDX-License-Identifier: GPL-2.0-or-later
# The failover fixture of the plain VM, sourced by its scenarios
# (vm/failover, vm/agent): virtio-net plays netfront
# (standby_drivers=virtio_net), VF0 of the emulated 82576 with the same
# MAC is the fast path, and the PF, moved into network namespace "peer",
# is the other end. While VF0 holds the MAC, the NIC's internal switch
# hands the peer's frames to it; without (MAC cleared or VF gone) they
# leave on the wire and reach virtio-net through the QEMU hub.
# The scenario sets MAC, PEER_ADDR, GUEST_ADDR, RATE, PHASE_PACKETS first.
M=xfo0

# The master's attributes come over netlink (tests/tools/xfo.c): it has
# no sysfs of its own. fo NAME prints one; fo_is NAME VALUE compares.
fo() { xfo $M "$@" 2>/dev/null; }
fo_is() { [ "$(fo "$1")" = "$2" ]; }
fo_count() {	# xvf_failover masters in this namespace
	local d n=0
	for d in /sys/class/net/*; do
		xfo "${d##*/}" hold >/dev/null 2>&1 && n=$((n + 1))
	done
	echo $n
}

# The VF leaves and comes back as under Xen's pci-detach/attach: its
# driver goes away and comes back (the PF stays as it is; changing
# sriov_numvfs resets the igb PF, the peer, which is its own phase).
vf_enable() {
	echo 1 >"$PF_SYS/sriov_numvfs" &&
		$IP -n peer link set "$PF" vf 0 mac $MAC &&
		VF_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
}
vf_arrives() {	# bound to xvf; returns once its netdev exists
	VF_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")") && bind_xvf "$VF_BDF"
}
# vf_msix_mask SYSFS_DEV 1|0: set or clear the mask bit of every MSI-X
# vector of the device behind its driver's back, in the table itself (as
# Xen stops a VF's interrupts, unmapping them, before it resets the VF).
# The MSI-X capability (id 0x11) gives the table's size, BAR and offset.
vf_msix_mask() {
	local dev=$1 bit=$2 bytes at ctl table base entry
	# The config space, a byte a line.
	bytes=$(od -An -tu1 -v "$dev/config" | tr -s ' ' '\n' | grep .)
	[ "$(echo "$bytes" | wc -l)" -ge 256 ] ||
		{ echo "$dev: config space not readable"; return 1; }
	byte() { echo "$bytes" | sed -n "$(($1 + 1))p"; }
	at=$(byte 52)		# capabilities pointer
	while [ "$at" -ne 0 ] && [ "$(byte "$at")" -ne 17 ]; do
		at=$(byte $((at + 1)))
	done
	[ "$at" -ne 0 ] || { echo "$dev: no MSI-X capability"; return 1; }
	ctl=$(($(byte $((at + 2))) | $(byte $((at + 3))) << 8))
	table=$(($(byte $((at + 4))) | $(byte $((at + 5))) << 8 |
		$(byte $((at + 6))) << 16 | $(byte $((at + 7))) << 24))
	base=$(sed -n "$(((table & 7) + 1))p" "$dev/resource" | cut -d' ' -f1)
	[ $((base)) -ne 0 ] || { echo "$dev: MSI-X BAR $((table & 7)) not assigned"; return 1; }
	for entry in $(seq 0 $((ctl & 0x7ff))); do
		devmem $((base + (table & ~7) + 16 * entry + 12)) 32 "$bit" || return 1
	done
}
# vf_bus_master SYSFS_DEV 1|0: set or clear the device's bus mastering
# (command register bit 2) behind its driver's back: its DMA stops, as a
# VF's does when Xen deassigns it from the IOMMU.
vf_bus_master() {
	local dev=$1 cmd
	cmd=$(od -An -tu2 -j4 -N2 "$dev/config" | tr -d ' ')
	[ -n "$cmd" ] || { echo "$dev: config space not readable"; return 1; }
	cmd=$(($2 ? cmd | 4 : cmd & ~4))
	printf "\\$(printf %o $((cmd & 255)))\\$(printf %o $((cmd >> 8)))" |
		dd of="$dev/config" bs=1 seek=4 count=2 conv=notrunc 2>/dev/null
}
vf_paired() {	# the master has VF0 and transmits on it
	wait_until 20 "[ -n \"\$(fo vf)\" ] && fo_is active vf"
}
vf_leaves() {	# no warning: the VF's netdev unregisters under traffic
	VF_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")") &&
		echo "$VF_BDF" >/sys/bus/pci/drivers/xvf/unbind &&
		wait_until 10 "fo_is active standby"
}


# failover_pair_up: the PF in "peer", the master over virtio-net and the
# VF, addressed and answering pings.
failover_pair_up() {
	# shellcheck disable=SC2086 # DRIVER_PF is "DRIVER PCI-ID"
	pf_ready ${DRIVER_PF:-igb 8086:10c9} || return 1
	check peer-netns "could not move the PF into namespace peer" eval \
		"$IP netns add peer && $IP link set $PF netns peer &&
		 $IP -n peer addr add $PEER_ADDR/24 dev $PF && $IP -n peer link set $PF up" || return 1

	check load-virtio-net "modprobe virtio_pci virtio_net failed" eval \
		"modprobe virtio_pci && modprobe virtio_net && wait_until 10 \"$IP -o link show | grep -q $MAC\"" || return 1
	SB=$($IP -o link show | awk -F': ' -v m=$MAC '$0 ~ m { print $2; exit }')
	check load-failover "modprobe xvf_failover failed" \
		modprobe xvf_failover standby_drivers=virtio_net || return 1
	check master-created "no master appeared for the standby $SB" \
		wait_until 10 "fo hold >/dev/null" || return 1
	check standby-paired "the master did not take $SB as its standby" \
		wait_until 10 "fo_is standby '$SB'"
	check master-mac "the master does not carry the standby's MAC" \
		test "$(cat /sys/class/net/$M/address)" = $MAC
	check master-kind "ip -d link does not show the xvf_failover kind" eval \
		"$IP -d link show $M | grep -q xvf_failover"
	check master-up "could not address and raise $M" eval \
		"$IP addr add $GUEST_ADDR/24 dev $M && $IP link set $M up" || return 1
	check on-standby-alone "with only the standby, transmit is not on it" \
		wait_until 10 "fo_is active standby"
	check load-xvf "modprobe xvf failed" modprobe xvf || return 1
	check vf-paired "the VF was not paired or does not carry transmit" \
		eval "vf_enable && vf_arrives && vf_paired" || return 1
	VF=$(fo vf)
	check slaves-flagged "a slave lacks the SLAVE flag" eval \
		"$IP -o link show $VF | grep -q SLAVE && $IP -o link show $SB | grep -q SLAVE"
	check ping-peer "no answer from the peer through $M" \
		wait_until 20 "ping -c 1 -W 1 $PEER_ADDR"
	check no-ipv6-on-vf "the VF got an IPv6 address of its own" \
		test -z "$($IP -6 -o addr show dev "$VF")"
}

field() {	# LOG NAME: a field of the log's last snapshot
	tail -n1 "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
snapshot() {	# LOG PID: a new snapshot line, which also starts a phase
	local n
	n=$(grep -c '^snapshot' "$1")
	kill -USR2 "$2"
	wait_until 10 "[ \$(grep -c '^snapshot' $1) -gt $n ]"
}
received_now() {	# LOG PID
	snapshot "$1" "$2" >/dev/null && field "$1" received
}
delivers() {	# LOG PID N: the stream carries N more packets (bounded)
	local goal=$(($(received_now "$1" "$2") + $3))
	wait_until 60 "[ \$(received_now $1 $2) -ge $goal ]"
}
LOST_up=0 LOST_down=0
up_field() { field /tmp/up.log "$1"; }
down_field() { field /tmp/down.log "$1"; }
# phase_end NAME [up]: both streams (or only "up") moved on after the
# phase's step; its losses, duplicates and reorderings per direction
# become metrics.
phase_end() {
	local must="delivers /tmp/up.log $UP_RX $PHASE_PACKETS"
	[ "$2" = up ] || must="$must && delivers /tmp/down.log $DOWN_RX $PHASE_PACKETS"
	check "streams-after-$1" "a stream did not resume after $1" eval "$must" || return 1
	snapshot /tmp/up.log $UP_RX
	stream_account $PREFIX up "$1" up_field
	snapshot /tmp/down.log $DOWN_RX
	stream_account $PREFIX down "$1" down_field
}

# group_frames_once N: the peer sends N broadcast and then N multicast
# (239.1.2.3) datagrams to the master; each must reach the stack exactly
# once, though the NIC hands it to the VF and the hub to the standby. A
# copy of the last ones could still be on its way when all N are in: they
# are looked for 2 s longer (a bounded check that nothing more arrives).
group_frames_once() {
	local kind dst port group log rx rc=0
	$IP route replace 239.0.0.0/8 dev $M &&
		$IP -n peer route replace 239.0.0.0/8 dev "$PF" || return 1
	for kind in broadcast multicast; do
		case $kind in
		broadcast) dst=${PEER_ADDR%.*}.255 port=5811 group= ;;
		multicast) dst=239.1.2.3 port=5812 group=239.1.2.3 ;;
		esac
		log=/tmp/$kind.log
		udpseq recv $port $group >$log 2>&1 &
		rx=$!
		if ! wait_until 10 "grep -q listening $log"; then
			echo "$kind: the receiver did not start"; rc=1
		else
			$IP netns exec peer udpseq flood "$dst" $port "$1" >/dev/null
			if ! wait_until 20 "[ \$(received_now $log $rx) -ge $1 ]"; then
				echo "$kind: $(field $log received) of $1 arrived"; rc=1
			elif wait_until 2 "snapshot $log $rx && [ \$(field $log duplicates) -gt 0 ]"; then
				echo "$kind: $(field $log duplicates) of $1 arrived twice"; rc=1
			fi
		fi
		kill $rx 2>/dev/null
		wait $rx 2>/dev/null
	done
	return $rc
}

# streams_start: two sequence-numbered UDP streams at RATE, up = guest ->
# peer, down = peer -> guest (tests/tools/udpseq.c).
# The streams measure the paths, not ARP. One-way UDP confirms no
# neighbour, so every 15 to 45 s an entry goes stale and is probed by
# unicast; while the VF is gone, the peer's answer goes to the VF's
# filter (the NIC still steers the MAC to it), the guest's entry fails
# and its stream stops for seconds, in whichever run (xvf_failover's or
# bonding's) the timing falls. Both ends get permanent entries.
neigh_pin() {	# DEV: the guest's device holding GUEST_ADDR
	local peer_mac
	peer_mac=$($IP netns exec peer cat /sys/class/net/$PF/address) &&
		$IP neigh replace $PEER_ADDR lladdr "$peer_mac" nud permanent dev "$1" &&
		$IP -n peer neigh replace $GUEST_ADDR lladdr $MAC nud permanent dev $PF
}
streams_start() {
	check neigh-pinned "could not pin the neighbour entries" neigh_pin $M || return 1
	# The streams (tests/tools/udpseq.c): up = guest -> peer, down = peer -> guest.
	$IP netns exec peer udpseq recv 5600 >/tmp/up.log 2>&1 &
	UP_RX=$!
	udpseq recv 5601 >/tmp/down.log 2>&1 &
	DOWN_RX=$!
	check streams-listening "a udpseq receiver did not start" \
		wait_until 10 "grep -q listening /tmp/up.log && grep -q listening /tmp/down.log" || return 1
	udpseq send $PEER_ADDR 5600 $RATE &
	UP_TX=$!
	$IP netns exec peer udpseq send $GUEST_ADDR 5601 $RATE &
	DOWN_TX=$!
}
