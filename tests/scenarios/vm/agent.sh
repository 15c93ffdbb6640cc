# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-hub-virtio
# kernel-args: loglevel=7
# timeout: 900
#
# xvfd with the real xvf_failover, in the plain VM: the failover fixture
# of vm/failover (virtio-net as the standby, VF0 of the emulated 82576 as
# the fast path, the PF in namespace "peer"), xvf-test-xenstored as the
# guest's xenstore (XENSTORED_PATH; there is no xenstored outside Xen),
# and this script as the host: it writes the requests xvf-host would and
# does the host's steps itself (clear the VF's MAC filter, unbind the VF,
# bind it again). Two sequence-numbered UDP streams run throughout.
# Checks: pairing seen by xvfd, the planned detach lossless in both
# directions through the agent's hold and drain, attach releasing the
# hold, cancel, no-vf, an attach with no VF timing out on netfront, a
# SIGKILL while a request waits, a restart that finds the hold, xvfctl's
# status/history/watch/hold/release. The Xen tier runs the same agent
# with real netfront and xenstored.

MAC=02:58:56:46:00:01
PEER_ADDR=192.168.77.2
GUEST_ADDR=192.168.77.1
RATE=$(xvf_cmdline_arg xvft.rate)
RATE=${RATE:-2000}
PHASE_PACKETS=$((RATE / 2))
GUEST=5
HOME_XS=/local/domain/$GUEST
SOCK=/run/xvfd.sock

. /xvf/failover.sh
failover_pair_up || return
streams_start || return
PREFIX=agent_vm

# ---- the xenstore and the agent ----
as_dom0() { XENSTORED_PATH=/run/xs-dom0 "$@"; }
ctl() { xvfctl -s $SOCK "$@"; }
xvf-test-xenstored --ready /run/xs-ready 0:/run/xs-dom0 $GUEST:/run/xs-guest \
	2>/tmp/xsd.log &
check xenstore-server "the xenstore test server did not start" \
	wait_until 10 "test -e /run/xs-ready" || return
as_dom0 xenstore-write $HOME_XS/name guest $HOME_XS/domid $GUEST $HOME_XS/data ""
as_dom0 xenstore-chmod -r $HOME_XS n0 r$GUEST
as_dom0 xenstore-chmod $HOME_XS/data n$GUEST
as_dom0 xenstore-write $HOME_XS/xvf/version 1
as_dom0 xenstore-chmod -r $HOME_XS/xvf n0 r$GUEST

# Short pairing timeout so the no-VF attach fails within the scenario.
printf 'pairing_timeout_ms = 3000\n' >/etc/xvfd.conf
# In this shell, not in check's $(...): $XVFD must stay known here.
start_agent() {
	XENSTORED_PATH=/run/xs-guest xvfd -c /etc/xvfd.conf -s $SOCK \
		>/dev/null 2>>/tmp/xvfd.log &
	XVFD=$!
}
agent_answers() { wait_until 20 "ctl version"; }
start_agent
check agent-starts "xvfd did not start" agent_answers || return
ctl -j watch >/tmp/watch.log 2>&1 </dev/null &
WATCH=$!
check watch-subscribed "xvfctl watch -j did not confirm its subscription" \
	wait_until 10 "grep -q '^{\"ok\":true}' /tmp/watch.log"
check agent-sees-pair "xvfctl status does not show xfo0 on the VF with xvf and virtio_net" \
	wait_until 10 "ctl -j status | jq -e '.protocol and (.pairs | length) == 1 and
		.pairs[0].master == \"$M\" and .pairs[0].active == \"vf\" and .pairs[0].hold == false and
		.pairs[0].vf.driver == \"xvf\" and (.pairs[0].vf.pci | length) > 0 and
		.pairs[0].standby.driver == \"virtio_net\" and .pairs[0].mac == \"$MAC\"'"
check state-published "data/xvf/state does not say the pair is on the VF" \
	wait_until 10 "[ \"\$(as_dom0 xenstore-read $HOME_XS/data/xvf/state)\" = '$MAC vf' ]"
phase_end steady

request() { as_dom0 xenstore-write $HOME_XS/xvf/request "$1"; }
reply_is() {
	wait_until "${2:-10}" "[ \"\$(as_dom0 xenstore-read $HOME_XS/data/xvf/reply)\" = '$1' ]"
}

# ---- planned detach, as xvf-host does it ----
request "1 prepare-detach mac=$MAC"
check prepare-acked "no 'ok path=netfront' for prepare-detach" \
	reply_is "1 prepare-detach ok path=netfront"
check prepare-held "after the ack the hold is not set, transmit not on netfront or the VF not drained" \
	eval "fo_is hold 1 && fo_is active standby && fo_is vf_tx_busy 0"
check planned-detach "clearing the MAC filter and removing the VF failed" eval \
	"$IP -n peer link set $PF vf 0 mac 00:00:00:00:00:00 && vf_leaves"
phase_end planned-detach
check planned-detach-lossless "the agent's planned detach lost packets (up $LOST_up, down $LOST_down)" \
	test "$LOST_up" = 0 -a "$LOST_down" = 0

# ---- the VF returns (a destination host), attach ----
check vf-back-held "the returning VF took transmit before the attach" eval \
	"$IP -n peer link set $PF vf 0 mac $MAC && vf_arrives &&
	 wait_until 20 '[ -n \"\$(fo vf)\" ]' && fo_is active standby"
request "2 attach mac=$MAC pci=0000:00:05.0"
check attach-acked "no 'ok path=vf' for attach" reply_is "2 attach ok path=vf"
check attach-released "after the attach the hold is set or transmit not on the VF" \
	eval "fo_is hold 0 && fo_is active vf"
phase_end attach
check history-timed "history lacks the two exchanges with their step timings" eval \
	"ctl -j history | jq -e '.exchanges | length == 2 and .[0].verb == \"attach\" and .[0].outcome == \"ok\" and
		(.[0].tx_moved_ms | type) == \"number\" and .[1].verb == \"prepare-detach\" and (.[1].replied_ms | type) == \"number\"'"
check status-last-migration "status lacks the last prepare-detach and attach" eval \
	"ctl -j status | jq -e '.migration.prepare_detach.outcome == \"ok\" and .migration.attach.outcome == \"ok\"'"
for i in 1 2; do
	ms=$(ctl -j history | jq ".exchanges[$((2 - i))].replied_ms")
	metric ${PREFIX}_reply_ms_$([ $i = 1 ] && echo prepare_detach || echo attach) "$ms"
done

# ---- cancel: a prepare-detach the host takes back ----
request "3 prepare-detach mac=$MAC"
reply_is "3 prepare-detach ok path=netfront"
request "4 cancel mac=$MAC"
check cancel-releases "cancel did not bring transmit back to the VF" \
	eval "reply_is '4 cancel ok path=vf' && fo_is hold 0 && fo_is active vf"
phase_end cancel

check watch-saw-it "xvfctl watch missed requests, holds, pairing or replies" eval \
	"grep -q '\"event\":\"request\"' /tmp/watch.log && grep -q '\"event\":\"hold\"' /tmp/watch.log &&
	 grep -q '\"event\":\"paired\"' /tmp/watch.log && grep -q '\"event\":\"reply\"' /tmp/watch.log"

# ---- killed while a request waits; restarted, it answers ----
kill -9 $XVFD
wait $XVFD 2>/dev/null
request "5 prepare-detach mac=$MAC"
start_agent
check restart-answers "a restarted xvfd did not answer the request it missed" \
	eval "agent_answers && reply_is '5 prepare-detach ok path=netfront' && fo_is hold 1"
# Killed again with the hold set: the new one keeps it (the host may
# be detaching right now) and repeats its answer, no new exchange.
kill -9 $XVFD
wait $XVFD 2>/dev/null
start_agent
check restart-keeps-hold "a restart released the hold or lost the answer" eval \
	"agent_answers && ctl -j status | jq -e '.pairs[0].hold == true and .last_seq == 5' &&
	 fo_is hold 1 && fo_is active standby"
request "6 attach mac=$MAC pci=0000:00:05.0"
check restart-then-attach "after the restarts attach did not release" \
	eval "reply_is '6 attach ok path=vf' && fo_is active vf"
phase_end restarts

# ---- no VF on the destination ----
request "7 prepare-detach mac=$MAC"
reply_is "7 prepare-detach ok path=netfront"
$IP -n peer link set $PF vf 0 mac 00:00:00:00:00:00 && vf_leaves
request "8 no-vf mac=$MAC reason=none-free"
check no-vf-on-netfront "no-vf was not acknowledged on netfront" \
	eval "reply_is '8 no-vf ok path=netfront' && fo_is active standby"
# An attach whose VF never comes: failed after pairing_timeout_ms, and
# transmit stays on netfront.
request "9 attach mac=$MAC pci=0000:00:05.0"
check attach-without-vf-fails "an attach with no VF was not failed with no-vf-with-mac" \
	reply_is "9 attach failed reason=no-vf-with-mac" 20
check stays-on-netfront "transmit left netfront after the failed attach" \
	fo_is active standby
phase_end no-vf
check failure-counted "status does not count the failed exchange" eval \
	"ctl -j status | jq -e '.failures >= 1'"

# ---- the VF returns unannounced: paired by the kernel, xvfd follows ----
$IP -n peer link set $PF vf 0 mac $MAC
check unannounced-vf-paired "a VF that came back without an attach was not used" \
	eval "vf_arrives && vf_paired"
phase_end vf-back

# ---- the admin's manual hold, watched by a new xvfctl watch ----
ctl watch >/tmp/watch2.log 2>&1 </dev/null &
WATCH=$!
check watch-text-subscribed "xvfctl watch did not say it is watching" \
	wait_until 10 "grep -q '^watching xvfd events' /tmp/watch2.log"
check manual-hold "xvfctl hold did not set the kernel's hold" \
	eval "ctl hold $M && wait_until 5 'fo_is hold 1 && fo_is active standby'"
check manual-release "xvfctl release did not clear the hold" \
	eval "ctl release $M && wait_until 5 'fo_is hold 0 && fo_is active vf'"
phase_end manual

# A new domain id (what a migration looks like to the guest): counted,
# and every pair read again from the kernel, one by one.
as_dom0 xenstore-write $HOME_XS/domid 9
check migration-noticed "a change of domain id was not counted, or the pair's re-read hung xvfd" \
	wait_until 10 "ctl -j status | jq -e '.migration.count == 1 and .domid == 9 and .pairs[0].active == \"vf\"'"
check watch-migrated "xvfctl watch did not show the migration" \
	wait_until 10 "grep -q 'migrated' /tmp/watch2.log"
check watch-text "xvfctl watch (text) did not show the manual hold" \
	wait_until 10 "grep -q 'manual-hold' /tmp/watch2.log"
kill $XVFD
wait $XVFD
check agent-stops "xvfd did not exit 0 on SIGTERM" test $? = 0
check watch-ends "xvfctl watch did not end when xvfd stopped" \
	wait_until 10 "! kill -0 $WATCH 2>/dev/null"
kill $UP_TX $DOWN_TX 2>/dev/null
grep -v '^<6>' /tmp/xvfd.log | head -n 20 | sed 's/^/# xvfd: /'
