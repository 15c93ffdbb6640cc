# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
# qemu-xen: yes
#
# Xen tier, runs in dom0; the guest half is xen/host-migrate.guest.
# xvf-host (xl backend) runs the protocol's whole choreography around a
# migration of a guest whose VF is bonded with netfront: prepare-detach,
# the guest moves TX to netfront and says so, the VF's MAC filter is
# cleared on the PF, xl pci-detach, the migration (xl save + restore: this
# Xen cannot live-migrate a PV guest, see xen/basics), then the
# destination's half (xvf-host receive, reached through a stand-in for
# ssh): a free VF picked, the MAC set on it, pci-attach, attach request,
# the guest pairs the VF and moves TX back. A second migration keeps the
# VF on this host and checks that numbering continues. The guest side is
# xvf-responder (tests/tools), a stand-in for the agent. The same stream
# as xen/bond-baseline measures what is lost.

GUEST_LOGLEVEL=6
. /xvf/xen/lib.sh
PORT=5600
RATE=$(xvf_cmdline_arg xvft.rate)
RATE=${RATE:-500}	# packets a second, as xen/bond-baseline's
metric xvf_host_rate_pps "$RATE"

dom0_peer_beside_pf || return
check xvf-host-lists-vf "xvf-host list does not show the VF with its MAC" \
	sh -c "xvf-host list | grep -q '$VF_BDF driver pciback mac $GUEST_MAC guest -'"
check xvf-host-picks-free-vf "xvf-host pick did not offer the free VF" \
	sh -c "[ \"\$(xvf-host pick $PF)\" = '$VF_BDF 0' ]"
# A port VLAN set from the PF shows in ip and in xvf-host's list, and 0
# removes it (before the guest exists: its traffic is untagged).
check xvf-host-sets-vlan "xvf-host set-mac --vlan 42 did not give VF 0 that port VLAN" \
	sh -c "xvf-host set-mac $PF 0 $GUEST_MAC --vlan 42 &&
		$IP link show $PF | grep -q 'vf 0 .*vlan 42' &&
		xvf-host list | grep -q '$VF_BDF driver pciback mac $GUEST_MAC vlan 42 guest -'"
check xvf-host-clears-vlan "xvf-host set-mac --vlan 0 did not remove the port VLAN" \
	sh -c "xvf-host set-mac $PF 0 $GUEST_MAC --vlan 0 &&
		! $IP link show $PF | grep -q 'vf 0 .*vlan' &&
		xvf-host list -j | grep -Eq '\"vlan\": ?0'"

xen_guest_config pv 'passthrough = "enabled"' >/tmp/guest.cfg
check guest-create "xl create failed" $XL create /tmp/guest.cfg || {
	guest_console_dump
	return
}
guest_check guest-netfront-ping-dom0 400 "ping -c 3 -W 2 $DOM0_ADDR" || guest_console_dump
check xvf-host-attach "xvf-host attach failed" xvf-host attach $GUEST "$VF_BDF" || return
# On failure the list, pick's answer and the pci backend's nodes go to the
# console log: which half failed, and what xenstore held (seen once in CI).
holder_known() {
	local list
	list=$(xvf-host list -j) || return
	echo "$list" | grep -Eq "\"guest\": ?\"$GUEST\"" && ! xvf-host pick "$PF" && return
	echo "$list"
	xvf-host pick "$PF"
	xenstore-ls -f /local/domain/0/backend/pci
	return 1
}
check xvf-host-knows-holder "xvf-host list does not name the guest holding the VF" holder_known
guest_check guest-igbvf-binds 60 \
	"modprobe igbvf && wait_until 30 '[ -n \"\$(vf_netdev)\" ]'" || return
guest_check guest-bond-on-vf 60 "bond_create $GUEST_ADDR/24" || {
	guest_console_dump
	return
}
guest_check guest-responder-advertises 30 \
	"responder_start $GUEST_MAC && wait_until 20 '[ \"\$(xenstore-read data/xvf/features 2>/dev/null)\" = \"tx-switch pair-by-mac\" ]'"

stream_receiver_start $PORT
check stream-receiver "udpseq recv did not start" stream_receiver_ready || return
guest_check guest-stream-start 30 "stream_start $DOM0_ADDR $PORT $RATE"
check stream-flows "no packets from the guest" stream_delivers 50 || return
guest_check guest-stream-via-vf 60 "vf_carries_stream 100"
stream_snapshot USR2
before_highest=$(stream_field highest) before_received=$(stream_field received)

# The destination's half runs through the command that reaches the
# destination, as on two hosts; here a stand-in for ssh that runs it on
# this same host (the guest is restored here): /tmp/ssh-here, tests/xen/dom0/toolstack.sh.

t0=$(now)
check xvf-host-migrate "xvf-host migrate failed" \
	sh -c "timeout 300 xvf-host migrate $GUEST localhost --via /tmp/ssh-here --save-restore /tmp/guest.save -j >/tmp/migrate.json"
metric xvf_host_migrate_seconds "$(elapsed_since "$t0")"
rm -f /tmp/guest.save
cat /tmp/migrate.json
check destination-half-ran "xvf-host receive did not run through the stand-in for ssh" \
	grep -q "^localhost xvf-host receive $GUEST $GUEST_MAC --seq 2 --vlan 0 --speaks -j$" /tmp/ssh.log
check guest-acked-prepare "the guest did not confirm prepare-detach" \
	grep -Eq '"prepare": ?"ok"' /tmp/migrate.json
check guest-acked-attach "the guest did not confirm the new VF" \
	grep -Eq '"confirm": ?"ok"' /tmp/migrate.json
check vf-mac-set-again "the VF does not carry the guest's MAC after the attach" \
	sh -c "$IP link show $PF | grep -q 'vf 0 .*$GUEST_MAC'"
# The host's nodes are read-only for the guest (PROTOCOL.md 2).
guest_check guest-cannot-forge-request 30 \
	"! xenstore-write xvf/request '99 attach' 2>/dev/null && xenstore-read xvf/request | grep -q '^2 attach '"
guest_check guest-tx-back-on-vf 30 "[ \"\$(bond_active_slave)\" = \"\$(vf_netdev)\" ]"
guest_check guest-stream-via-new-vf 60 "vf_carries_stream 100"
check stream-after-migrate "the stream did not resume" stream_delivers 200
stream_snapshot USR2
metric xvf_host_lost_packets \
	$((($(stream_field highest) - before_highest) - ($(stream_field received) - before_received)))
metric xvf_host_outage_ms "$(stream_field gap_ms)"

# A second migration by a new xvf-host run, the VF back on this host
# without the destination's half: numbering must continue from the
# guest's last reply (3, 4), or the guest would ignore the requests as
# stale and the prepare go unanswered.
check xvf-host-migrate-again "the second xvf-host migrate failed" \
	sh -c "timeout 300 xvf-host migrate $GUEST localhost --save-restore /tmp/guest.save -j >/tmp/migrate2.json"
rm -f /tmp/guest.save
cat /tmp/migrate2.json
check numbering-continues "the second migration was not numbered after the first, or not answered" \
	sh -c "grep -Eq '\"prepare\": ?\"ok\"' /tmp/migrate2.json &&
		grep -Eq '\"confirm\": ?\"ok\"' /tmp/migrate2.json &&
		grep -Eq '\"next_seq\": ?5' /tmp/migrate2.json"
guest_check guest-tx-back-on-vf-again 30 "[ \"\$(bond_active_slave)\" = \"\$(vf_netdev)\" ]"
check stream-after-second-migrate "the stream did not resume" stream_delivers 200
stream_stop

guest_kernel_log_check
[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
check guest-destroy "xl destroy failed" $XL destroy $GUEST
