# SPDX-License-Identifier: GPL-2.0-or-later
# Xen tier, dom0: sequence-numbered UDP streams between dom0 and the guest (sourced by lib.sh).

# A sequence-numbered UDP stream from the guest to dom0 (tests/tools/
# udpseq.c): dom0 receives on PORT; each snapshot line of the receiver
# gives totals so far.
# Start it in the scenario's own shell (not inside check, a subshell): the
# other helpers need STREAM_PID.
STREAM_LOG=/tmp/stream.log
# Where the losses happened: udpseq's skip log (see udpseq.c).
STREAM_SKIPS=/tmp/stream.skips
stream_receiver_start() {
	UDPSEQ_SKIPS=$STREAM_SKIPS udpseq recv "$1" >$STREAM_LOG 2>&1 &
	STREAM_PID=$!
}
stream_receiver_ready() {
	wait_until 10 "grep -q '^listening' $STREAM_LOG"
}
# A field of the last snapshot line.
stream_field() {
	tail -n1 $STREAM_LOG | tr ' ' '\n' | sed -n "s/^$1=//p"
}
stream_snapshots() { grep -c '^snapshot' $STREAM_LOG; }
# stream_snapshot [USR2]: ask for a snapshot line and wait for it; USR2
# also starts a new phase for the receiver's gap measurement.
stream_snapshot() {
	n=$(stream_snapshots)
	kill -"${1:-USR1}" $STREAM_PID
	wait_until 10 "[ \$(stream_snapshots) -gt $n ]"
}
stream_received_now() { stream_snapshot >/dev/null && stream_field received; }
# stream_delivers N: the receiver counts N more packets (bounded).
stream_delivers() {
	goal=$(($(stream_received_now) + $1))
	wait_until 120 "[ \$(stream_received_now) -ge $goal ]"
}
# stream_stop: the last snapshot, then the receiver ends.
stream_stop() {
	kill -TERM $STREAM_PID
	wait $STREAM_PID
}

# xen_streams_start PORT_UP PORT_DOWN RATE: the two streams, up received
# here, down in the guest; in the scenario's own shell (STREAM_PID,
# DOWN_TX).
xen_streams_start() {
	stream_receiver_start "$1"
	check stream-receiver "udpseq recv did not start" stream_receiver_ready || return 1
	guest_check guest-down-receiver 30 "down_receiver_start $2" || return 1
	guest_check guest-stream-start 30 "stream_start $DOM0_ADDR $1 $3"
	udpseq send "$GUEST_ADDR" "$2" "$3" </dev/null >/dev/null 2>&1 &
	DOWN_TX=$!
}

# xen_streams_finish: both streams stopped, the guest's kernel log
# checked, the guest gone (the closing steps of a scenario that began
# with xen_streams_start).
xen_streams_finish() {
	kill $DOWN_TX 2>/dev/null
	stream_stop
	guest_kernel_log_check
	[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
	check guest-destroy "xl destroy failed" $XL destroy $GUEST
}

# guest_data_field NODE NAME: field NAME of the "name=value ..." line the
# guest published in its data/NODE.
guest_data_field() {
	xenstore-read "/local/domain/$(guest_domid)/data/$1" |
		tr ' ' '\n' | sed -n "s/^$2=//p"
}
# The stream from dom0 to the guest is received there (the .guest files'
# down_receiver_start); its snapshots reach dom0 through xenstore.
down_field() { guest_data_field xvft-down "$1"; }
LOST_up=0 LOST_down=0
# xen_phase_end PREFIX NAME: both streams moved on by PHASE_PACKETS; the
# phase's losses, duplicates and reorderings per direction become
# metrics PREFIX_*_{up,down}_NAME and LOST_up/LOST_down.
xen_phase_end() {
	check "stream-up-after-$2" "the guest's stream did not resume after $2" \
		stream_delivers $PHASE_PACKETS || return 1
	guest_check "stream-down-after-$2" 90 "down_delivers $PHASE_PACKETS" || return 1
	stream_snapshot USR2
	stream_account "$1" up "$2" stream_field
	guest_check "down-snapshot-$2" 30 "down_snapshot" || return 1
	stream_account "$1" down "$2" down_field
}

# stream_skips_of_phase: the up stream's skip lines of the phase that
# ended last, and the down stream's as the guest published them.
stream_skips_of_phase() {
	echo "up: $(grep '^snapshot' $STREAM_LOG | tail -n1)"
	echo "up: $(skips_of_last_phase $STREAM_SKIPS)"
	guest_do down-skips 30 "down_skips_publish" &&
		echo "down: $(xenstore-read "/local/domain/$(guest_domid)/data/xvft-skips")"
	guest_do tx-counters 30 "tx_counters_publish" &&
		echo "guest tx: $(xenstore-read "/local/domain/$(guest_domid)/data/xvft-counters")"
}

# nothing_lost_outside_pause PHASE METRIC N: per direction, the phase
# that ended last lost nothing outside its longest gap (Xen's pause); the
# loss outside it is metric METRIC_{up,down}_N. False, with the skips of
# the phase printed, if a direction lost some.
nothing_lost_outside_pause() {
	local dir outside rc=0
	for dir in up down; do
		outside=$(eval echo "\$LOST_OUTSIDE_$dir")
		metric "$2_${dir}_$3" "$outside"
		check "$1-$dir-nothing-lost-outside-pause" \
			"$dir: lost $(eval echo "\$LOST_$dir"), of them $outside outside the pause of $(eval echo "\$GAP_MS_$dir") ms" \
			test "$outside" -eq 0 && continue
		rc=1
		stream_skips_of_phase
		[ "$dir" = up ] && guest_console_dump_once
	done
	return $rc
}
