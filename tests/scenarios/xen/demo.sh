# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
# qemu-xen: yes
# timeout: 900
#
# make demo: the mission in one story, in dom0 of real Xen 4.17 (in
# QEMU; only the NIC, an 82576 with SR-IOV, is emulated). A PV guest gets
# netfront and a VF passed through by xvf-host; in the guest xvf drives
# the VF, xvf_failover pairs it with netfront as xfo0, xvfd answers the
# host. Then one live migration (xvf-host migrate: xl migrate to this
# same host) under two UDP streams, while dom0 prints the guest's stream
# arriving through the pre-copy and `xvfctl watch` prints the guest's
# steps; then `xvfctl history`. Its cases are checks like any scenario's, but
# the point is what it prints; xen/migrate-e2e is the test.

GUEST_LOGLEVEL=4
. /xvf/xen/lib.sh
PORT_UP=5600
PORT_DOWN=5601
RATE=500
PHASE_PACKETS=250

say() { printf '\n===== %s\n' "$*"; }
quiet() { "$@" >/dev/null; }	# a check whose output the demo shows its own way
# show_guest: what the guest's last demo_show printed.
show_guest() {
	guest_console_since "$GUEST_MARK" | awk '
		/^XVFDEMO begin/ { out = ""; on = 1; next }
		/^XVFDEMO end/ { on = 0; last = out; next }
		on && !/^XVFT / { out = out "    " $0 "\n" }
		END { printf "%s", last }'
}
# show_stream_while_running PID: about each second until PID ends, the
# time since it started and the guest's packets dom0 received since the
# line before (a display cadence, not a wait for anything).
show_stream_while_running() {
	local t0 before count
	t0=$(now) before=$(stream_received_now)
	while kill -0 "$1" 2>/dev/null; do
		sleep 1
		count=$(stream_received_now)
		printf '    %6s s  +%d\n' "$(elapsed_since "$t0")" $((count - before))
		before=$count
	done
}
SHOWN=0
guest_show() {	# COMMAND...: run it in the guest and show its output
	SHOWN=$((SHOWN + 1))
	guest_do show-$SHOWN 30 "demo_show $*" && show_guest
}

say "1. dom0 starts xenstored and a bridge; the PF (igb) joins it and gets its VFs"
dom0_peer_beside_pf || return
say "2. the guest boots with netfront (xfo0 on top); dom0 passes it VF $VF_BDF: xvf-host attach $GUEST $VF_BDF"
guest_failover_up xvf-host attach $GUEST "$VF_BDF" || return
say "3. xvfd starts in the guest and sees the pair"
guest_check guest-agent-starts 60 "agent_start" || return
guest_check guest-agent-sees-pair 30 "wait_until 20 agent_sees_pair" || return
guest_show xvfctl status

say "4. a UDP stream each way, $RATE packets/s (guest -> dom0 'up', dom0 -> guest 'down')"
xen_streams_start $PORT_UP $PORT_DOWN $RATE || return
xen_phase_end demo steady || return
guest_check guest-watch 30 "demo_watch_start" || return

say "5. dom0: xvf-host migrate $GUEST localhost (prepare, detach, xl migrate: pre-copy, pause; attach)"
host_migrate demo /tmp/ssh-here >/dev/null &
migrating=$!
echo "    while it runs, the guest's stream as dom0 receives it:"
show_stream_while_running $migrating
wait $migrating
check migrate "xvf-host migrate failed" test $? = 0
jq -r '.steps[] | "    \(.ms | tostring | (" " * (7 - length)) + .) ms  \(.step)"' /tmp/demo.json
check migrate-confirmed "xvfd did not confirm both steps" \
	quiet outcome_is demo '.prepare == "ok" and .confirm == "ok" and .vf_attached' ||
	cat /tmp/demo.json /tmp/demo.log
guest_check back-on-vf 90 "fo_vf_paired && fo_is hold 0"
xen_phase_end demo migrate
echo "    the guest ran on netfront from 'guest ready' to 'destination's half done'"
echo "    ($(pv_window_ms demo) ms); Xen paused it for $GAP_MS_up ms (its stream's longest gap)."
echo "    lost: up $LOST_up, down $LOST_down; outside that pause: up $LOST_OUTSIDE_up, down $LOST_OUTSIDE_down"

say "6. what xvfctl watch printed in the guest meanwhile"
guest_console | sed -n 's/^XVFDEMO watch /    /p'

say "7. the guest's record of it"
guest_show xvfctl history
guest_show xvfctl status

stream_stop
kill $DOWN_TX 2>/dev/null
check guest-destroy "xl destroy failed" $XL destroy $GUEST
