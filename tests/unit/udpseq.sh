#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The stream tool the loss figures come from (tests/tools/udpseq.c), on
# loopback: what a gap lost, and what was lost outside it.
#   udpseq.sh UDPSEQ
# One line per case: PASS|FAIL unit/udpseq/<case>.
set -uo pipefail
udpseq=$1
CASE_SUITE=udpseq
. "$(dirname "$0")/case.sh"

tmp=$(mktemp -d)
log=$tmp/recv.log
port=$((20000 + RANDOM % 20000))
UDPSEQ_SKIPS=$tmp/skips "$udpseq" recv "$port" >"$log" 2>&1 &
recv_pid=$!
trap 'kill $recv_pid ${SENDER_PID:-} 2>/dev/null; rm -rf "$tmp"' EXIT

# wait_for SECONDS COMMAND: until COMMAND holds, polled every 20 ms.
wait_for() {
	local tries=$(($1 * 50))
	shift
	until "$@"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || return 1
		sleep 0.02
	done
}
# The sender, one process for the whole test (no start-up time inside a
# phase): each line it reads is a list of SPECs, packets numbered as
# udpseq numbers them, 2 ms apart, and "pause:MS", the path's pause under
# test; "port:N" sends to another port from there on; "signal:NAME"
# sends SIGNAME to the receiver (USR2: the phase-ending snapshot) right
# after the packet before it, so the time from the last packet to the
# snapshot does not depend on how soon this script is scheduled; it
# answers "sent" when done.
coproc SENDER { python3 -u -c '
import os, signal, socket, struct, sys, time
port, receiver = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for line in sys.stdin:
    for spec in line.split():
        if spec.startswith("port:"):
            port = int(spec[5:])
            continue
        if spec.startswith("signal:"):
            os.kill(receiver, getattr(signal, "SIG" + spec[7:]))
            continue
        if spec.startswith("pause:"):
            time.sleep(int(spec[6:]) / 1000)
            continue
        lo, _, hi = spec.partition("-")
        for seq in range(int(lo), int(hi or lo) + 1):
            s.sendto(struct.pack(">IQ", 0x58564653, seq), ("127.0.0.1", port))
            time.sleep(0.002)
    print("sent")
' "$port" $recv_pid; }
send() {
	local answer
	echo "$*" >&"${SENDER[1]}"
	read -r -t 10 answer <&"${SENDER[0]}" && [ "$answer" = sent ]
}
snapshots() { grep -c '^snapshot' "$log"; }
# snapshot SIGNAL: the receiver's next snapshot line, once it is printed.
snapshot() {
	local n
	n=$(snapshots)
	kill -"$1" $recv_pid
	wait_for 5 test "$(snapshots)" -gt "$n" || return 1
	tail -n1 "$log"
}
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
# received_all N: the receiver has counted N packets (it reads its
# socket and its signals in one loop, so ask until it has).
received_all() { [ "$(field "$(snapshot USR1)" received)" = "$1" ]; }
# phases SPEC...: send SPECs, in which each phase ends with the sender's
# signal:USR2, and wait for those snapshots. The next phase's packets
# follow in the same line: a phase starts at the snapshot before it, so
# no wait for this script's turn falls inside one.
phases() {
	local n=$(snapshots) want
	want=$((n + $(tr ' ' '\n' <<<"$*" | grep -c '^signal:USR2$')))
	send "$@" || return 1
	wait_for 5 test "$(snapshots)" -ge "$want"
}
# phase N: the snapshot that ended the Nth phase.
phase() { grep '^snapshot' "$log" | sed -n "${1}p"; }

wait_for 5 grep -q '^listening' "$log" || { echo "FAIL unit/udpseq/listens udpseq recv did not start"; exit 0; }

# Phase 1: 1-20, a 300 ms pause that loses 21-29, then 30-40.
# Phase 2: 5 lost with no pause, then a pause that loses 61-64; the
# phase's loss is 5, of which 4 in the pause and 1 outside it.
# Phase 3: its longest gap runs to the snapshot: nothing ended it, so
# nothing is counted as skipped in it, though 71 was lost at its start.
# Phase 4: a reader that is not scheduled while packets arrive (dom0's
# receiver while dom0 copies a migrating guest) still sees when they
# came: the kernel's arrival stamps, not the time of reading, make the
# gaps.
# A phase's first packet comes 50 ms after the snapshot before it, time
# for the receiver to take that snapshot (well short of the pauses).
phases 1-20 pause:300 30-40 signal:USR2 \
	pause:50 41-44 46-60 pause:500 65-70 signal:USR2 \
	pause:50 72-75 pause:900 signal:USR2 \
	pause:50 signal:STOP 76-80 pause:300 82-85 signal:USR2 signal:CONT

line=$(phase 1)
check pause-skipped "the pause's gap did not account for 21-29: $line" \
	test "$(field "$line" gap_skipped)" = 9 -a "$(field "$line" gap_ms)" -ge 300 \
	-a "$(field "$line" highest)" = 40 -a "$(field "$line" received)" = 31

line=$(phase 2)
lost=$(($(field "$line" highest) - 40 - ($(field "$line" received) - 31)))
check loss-outside-pause "expected 5 lost, 4 of them in the pause: lost $lost, $line" \
	test "$lost" = 5 -a "$(field "$line" gap_skipped)" = 4

line=$(phase 3)
check gap-to-snapshot-skips-none "a gap still open at the snapshot counted skipped packets: $line" \
	test "$(field "$line" gap_skipped)" = 0 -a "$(field "$line" gap_ms)" -ge 900 \
	-a "$(field "$line" highest)" = 75

line=$(phase 4)
check gap-seen-by-a-late-reader "a pause while the reader slept did not show as the gap that lost 81: $line" \
	test "$(field "$line" gap_skipped)" = 1 -a "$(field "$line" gap_ms)" -ge 300 \
	-a "$(field "$line" highest)" = 85

# Where each phase's losses happened, for a failure's report: each jump
# in the numbers with the time since the arrival before it.
cat >"$tmp/skips.expected" <<'SKIPS'
skip first=21 count=9
phase-end highest=40
skip first=45 count=1
skip first=61 count=4
phase-end highest=70
skip first=71 count=1
phase-end highest=75
skip first=81 count=1
phase-end highest=85
SKIPS
check skips-logged "the skip log does not say where the losses were: $(tr '\n' ';' <"$tmp/skips" 2>&1)" \
	sh -c 'sed "s/ after_ms=[0-9]* uptime=[0-9.]*//" "$1" | diff "$2" - &&
		awk -F"after_ms=" "/first=(21|61) /{ if (\$2 + 0 < 300) exit 1 }" "$1"' \
	sh "$tmp/skips" "$tmp/skips.expected"

# A phase that begins while the kernel holds packets the reader has not
# taken yet: they arrived before it, so they make no gap in it (and no
# negative one). They are at least 500 ms old when the phase begins (the
# sender's pause, the reader stopped). The phase begins after `cont`, is
# read after `end`: its longest gap can be no longer than that (however
# late this script runs), where a gap counted from the held packets'
# arrival would be 500 ms longer.
kill -STOP $recv_pid
send 86-90 pause:500
kill -USR2 $recv_pid
cont=$("$udpseq" now)
kill -CONT $recv_pid
wait_for 5 received_all 74
line=$(snapshot USR2)
end=$("$udpseq" now)
bound_ms=$(awk -v a="$cont" -v b="$end" 'BEGIN { printf "%d", (b - a) * 1000 + 1 }')
check backlog-across-phase-start "packets taken before the phase made a gap in it ($bound_ms ms from its start to its snapshot): $line" \
	test "$(field "$line" gap_ms)" -ge 0 -a "$(field "$line" gap_ms)" -le "$bound_ms"

# The receiver's own overflow is counted apart (sock_dropped), so a
# loss in the receiving socket is not taken for the path's. A second
# receiver with a small buffer, not scheduled while 300 packets come; a
# packet read after them carries the socket's drop count.
log2=$tmp/recv2.log
port2=$((port + 1))
UDPSEQ_RCVBUF=4096 "$udpseq" recv "$port2" >"$log2" 2>&1 &
recv2_pid=$!
wait_for 5 grep -q '^listening' "$log2"
kill -STOP $recv2_pid
send port:$port2 1-300
kill -CONT $recv2_pid
# snapshot2: the second receiver's next snapshot line, in $line.
snapshot2() {
	local n
	n=$(grep -c '^snapshot' "$log2")
	kill -USR1 $recv2_pid
	wait_for 5 test "$(grep -c '^snapshot' "$log2")" -gt "$n" || return 1
	line=$(tail -n1 "$log2")
}
# Until one packet after the 300 gets through (the first may come while
# the socket is still full), bounded.
next=301
while [ $next -le 400 ]; do
	send $next
	snapshot2 && [ "$(field "$line" highest)" -gt 300 ] && break
	next=$((next + 1))
done
kill $recv2_pid
highest=$(field "$line" highest)
dropped=$(field "$line" sock_dropped) received=$(field "$line" received)
check socket-overflow-counted "the socket's drops were not counted as the receiver's: $line" \
	test "${dropped:-0}" -gt 0 -a "$((${received:-0} + ${dropped:-0}))" = "${highest:-0}"
