#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xvfd and xvfctl (built with ASan/UBSan) against xvf-test-xenstored as
# the guest's xenstore and this machine's real netlink, where no
# xvf_failover master exists: the protocol side, the control socket, the
# CLI's output and errors, restarts. (The pairs and the holds are the VM
# tier's vm/agent, with the real module.) One line per case:
# PASS|FAIL unit/xvfd/<case>.
#   agent.sh XVFD XVFCTL XENSTORE_SERVER
set -uo pipefail

xvfd=$1 xvfctl=$2 server=$3
GUEST=5
home=/local/domain/$GUEST
dir=$(mktemp -d)
chmod 755 "$dir"	# the unprivileged user of two cases reaches the socket
sock=$dir/xvfd.sock
trap 'kill $dpid $wpid 2>/dev/null; kill $spid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
dpid= wpid=

wait_for() {	# SECONDS CONDITION: bounded wait for something asynchronous
	local end=$((SECONDS + $1))
	shift
	until eval "$*" >/dev/null 2>&1; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}
as_dom0() { XENSTORED_PATH=$dir/dom0 "$@"; }
ctl() { "$xvfctl" -s "$sock" "$@"; }
start_daemon() {	# in this shell, so $dpid is ours; not inside check's $(...)
	XENSTORED_PATH=$dir/guest "$xvfd" -s "$sock" "$@" >/dev/null 2>>"$dir/xvfd.log" &
	dpid=$!
}

"$server" --ready "$dir/ready" 0:"$dir/dom0" $GUEST:"$dir/guest" 2>"$dir/server.log" &
spid=$!
wait_for 10 '[ -e "$dir/ready" ]'
# The guest's home as xl lays it out (see xenstore-server/conformance.sh).
as_dom0 xenstore-write $home/name guest $home/domid $GUEST $home/data ""
as_dom0 xenstore-chmod -r $home n0 r$GUEST
as_dom0 xenstore-chmod $home/data n$GUEST

CASE_SUITE=xvfd
. "$(dirname "$0")/case.sh"

check no-daemon-clear-error "xvfctl without xvfd did not say so" sh -c '
	out=$("$0" -s "$1" status 2>&1); rc=$?
	[ $rc = 1 ] && echo "$out" | grep -q "is xvfd running?"' "$xvfctl" "$sock"
check bad-config-names-the-line "a bad config line was not reported with its number" sh -c '
	printf "# ok\nswitch_timeout_ms = soon\n" >"$1/bad.conf"
	out=$("$0" -c "$1/bad.conf" 2>&1); rc=$?
	[ $rc = 2 ] && echo "$out" | grep -q "bad.conf:2: bad value for switch_timeout_ms"' \
	"$xvfd" "$dir"
start_daemon
check starts "xvfd did not answer on its control socket" wait_for 20 "ctl version"
# The admin group (the default, xvf, which this machine lacks) is looked
# up by a child (xvfd.c, lookup_gid): the name service modules that
# nsswitch.conf names after files (Debian's: systemd's, with libcap and
# libm; an LDAP or sssd client elsewhere) never load into the daemon.
check no-nss-module-in-daemon "a name service module is mapped in xvfd" \
	sh -c '! grep -q "libnss_" "/proc/$0/maps"' "$dpid"
check second-daemon-refused "a second xvfd started on the same socket" sh -c '
	out=$(XENSTORED_PATH="$1/guest" "$0" -s "$1/xvfd.sock" 2>&1); rc=$?
	[ $rc = 1 ] && echo "$out" | grep -q "another xvfd is running"' "$xvfd" "$dir"
check advertises "data/xvf/version and features not written" sh -c '
	[ "$(XENSTORED_PATH=$0/dom0 xenstore-read '$home'/data/xvf/version)" = 1 ] &&
	XENSTORED_PATH=$0/dom0 xenstore-read '$home'/data/xvf/features | grep -qw tx-switch' "$dir"
check unsupported-without-host "state is not \"unsupported\" before the host speaks" \
	wait_for 10 '[ "$(as_dom0 xenstore-read $home/data/xvf/state)" = unsupported ]'
# The host arrives: xvf/ is its own, readable by the guest.
as_dom0 xenstore-write $home/xvf/version 1
as_dom0 xenstore-chmod -r $home/xvf n0 r$GUEST
check protocol-spoken "status does not say the protocol is spoken" \
	wait_for 10 'ctl -j status | jq -e ".protocol == true and (.pairs | length) == 0"'
check status-text "status text lacks the protocol or the no-interface note" sh -c '
	out=$("$0" -s "$1" status) &&
	echo "$out" | grep -q "protocol spoken" &&
	echo "$out" | grep -q "no failover interfaces"' "$xvfctl" "$sock"

# Watch from here on: the events of the next requests must stream.
ctl watch >"$dir/watch.txt" 2>&1 </dev/null &
wpid=$!
check watch-subscribed "xvfctl watch did not say it is watching" \
	wait_for 10 'grep -q "^watching xvfd events" "$dir/watch.txt"'
request() { as_dom0 xenstore-write $home/xvf/request "$1"; }
reply_is() { wait_for 10 "[ \"\$(as_dom0 xenstore-read $home/data/xvf/reply)\" = \"$1\" ]"; }

request "1 prepare-detach mac=02:58:56:46:00:01"
check unknown-mac-failed "a request for a MAC with no pair was not failed" \
	reply_is "1 prepare-detach failed reason=unknown-mac"
request "2 prepare-detach mac=nonsense"
check malformed-rejected "a malformed request was not rejected" \
	reply_is "2 invalid rejected reason=malformed"
check watch-streams-events "xvfctl watch did not show the requests" \
	wait_for 10 'grep -q "request .*1 prepare-detach" $dir/watch.txt && grep -q "reply .*2 invalid rejected" $dir/watch.txt'
check history-json "history -j lacks the exchanges, newest first" sh -c '
	"$0" -s "$1" -j history | jq -e ".exchanges | length == 2 and .[0].seq == 2 and .[0].outcome == \"rejected\" and .[1].reason == \"unknown-mac\" and (.[1].replied_ms | type) == \"number\""' \
	"$xvfctl" "$sock"
check history-text "history text is wrong" sh -c '
	"$0" -s "$1" history -n 1 | grep -q "^#1 .*seq 2 invalid .*: rejected malformed"' "$xvfctl" "$sock"
check history-bad-count "history -n 0 / -n 99 were not refused clearly" sh -c '
	! "$0" -s "$1" history -n 0 2>/dev/null &&
	out=$("$0" -s "$1" history -n 99 2>&1); [ $? = 1 ] && echo "$out" | grep -q "count must be 1 to 32"' \
	"$xvfctl" "$sock"
check options-after-command "xvfctl status -j did not give JSON" sh -c '
	"$0" -s "$1" status -j | jq -e ".ok == true" >/dev/null' "$xvfctl" "$sock"
check count-only-for-history "-n with status was accepted" sh -c '
	out=$("$0" -s "$1" -n 3 status 2>&1); [ $? = 2 ] && echo "$out" | grep -q "goes with history"' \
	"$xvfctl" "$sock"
check unknown-command "an unknown command was not refused with usage" sh -c '
	out=$("$0" -s "$1" frobnicate 2>&1); [ $? = 2 ] && echo "$out" | grep -q "unknown command"' \
	"$xvfctl" "$sock"
check hold-needs-master "hold without an interface was accepted" sh -c '
	out=$("$0" -s "$1" hold 2>&1); [ $? = 2 ] && echo "$out" | grep -q "need one failover interface"' \
	"$xvfctl" "$sock"
check hold-unknown-master "hold of a missing interface did not say so" sh -c '
	out=$("$0" -s "$1" hold xfo9 2>&1); [ $? = 1 ] && echo "$out" | grep -q "no failover interface xfo9"' \
	"$xvfctl" "$sock"
check hold-refused-for-others "a user outside the admin group could hold" sh -c '
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$0" -s "$1" hold xfo0 2>&1)
	[ $? = 1 ] && echo "$out" | grep -q "permission denied"' "$xvfctl" "$sock"
check status-open-to-others "status was refused to an unprivileged user" \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$xvfctl" -s "$sock" -j status
# xvfctl prints through one path for text and JSON: its -j must carry
# every value of the daemon's answer, unchanged.
check json-is-the-daemons "xvfctl -j lost or changed a value of xvfd's answer" python3 -c '
import json, socket, subprocess, sys
xvfctl, sock = sys.argv[1:3]
for cmd, req in (("status", {"cmd": "status"}), ("history", {"cmd": "history", "count": 10}),
                 ("version", {"cmd": "version"})):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(10)
    s.connect(sock)
    s.sendall(json.dumps(req).encode() + b"\n")
    raw = json.loads(s.makefile().readline())
    out = json.loads(subprocess.run([xvfctl, "-s", sock, "-j", cmd], capture_output=True,
                                    text=True, check=True).stdout)
    assert raw == out, (cmd, raw, out)' "$xvfctl" "$sock"
check raw-garbage-answered "a non-JSON request was not answered with an error" python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(b"not json\n")
sys.exit(0 if b"not a JSON object" in s.recv(4096) else 1)' "$sock"
check socket-mode-open "the control socket is not mode 0666" \
	sh -c '[ "$(stat -c %a "$0")" = 666 ]' "$sock"

# A local user cannot lock the admin out (#16 item 7): with 100 idle
# connections of an unprivileged user open, root's hold is still served.
# (Debian's python3: a user's pyenv shim is not for "nobody".)
mkfifo -m 666 "$dir/idle.fifo"
setpriv --reuid=65534 --regid=65534 --clear-groups /usr/bin/python3 -c '
import signal, socket, sys
conns = []
for _ in range(100):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    conns.append(s)
with open(sys.argv[2], "w") as f:
    f.write("open\n")
signal.pause()' "$sock" "$dir/idle.fifo" &
idle_pid=$!
idle=$(timeout 30 sh -c 'read -r l <"$0" && echo "$l"' "$dir/idle.fifo")
check admin-served-beside-idle-users "root's hold was not served while a user held 100 idle connections" sh -c '
	[ "$2" = open ] || { echo "the 100 connections were not opened"; exit 1; }
	out=$("$0" -s "$1" hold xfo9 2>&1); [ $? = 1 ] && echo "$out" | grep -q "no failover interface xfo9"' \
	"$xvfctl" "$sock" "$idle"
kill $idle_pid
wait $idle_pid 2>/dev/null

# Killed mid-life and started again: numbering goes on from its reply.
kill -9 $dpid
wait $dpid 2>/dev/null
start_daemon
check restart-after-sigkill "xvfd did not start over its stale socket" wait_for 20 "ctl version"
check restart-recovers-seq "the restarted xvfd forgot the last request it answered" \
	wait_for 10 'ctl -j status | jq -e ".last_seq == 2"'
request "3 no-vf mac=02:58:56:46:00:01 reason=none-free"
check restart-answers-next "the restarted xvfd did not answer the next request" \
	reply_is "3 no-vf failed reason=unknown-mac"

# A resume on another host: our nodes are gone, the domain id changed.
as_dom0 xenstore-rm $home/data/xvf
as_dom0 xenstore-write $home/domid 9
check migration-noticed "the change of domain id was not counted as a migration" \
	wait_for 10 'ctl -j status | jq -e ".migration.count == 1 and .domid == 9"'
check readvertised "the advertisement, state and last reply were not put back" sh -c '
	[ "$(XENSTORED_PATH=$0/dom0 xenstore-read '$home'/data/xvf/version)" = 1 ] &&
	XENSTORED_PATH=$0/dom0 xenstore-read '$home'/data/xvf/state >/dev/null &&
	[ "$(XENSTORED_PATH=$0/dom0 xenstore-read '$home'/data/xvf/reply)" = "3 no-vf failed reason=unknown-mac" ]' "$dir"

# Text from the host goes to the journal with its control characters
# escaped (#16 item 10): a request cannot clear a screen or forge a line.
request "$(printf '4 bogus\033[2J\nforged')"
check journal-escapes-control-chars "a control character from a request reached the journal raw" sh -c '
	wait_for() { end=$(($(date +%s) + 10)); until grep -qF "4 bogus\\x1b[2J\\x0aforged" "$0"; do
		[ $(date +%s) -lt $end ] || return 1; sleep 0.05; done; }
	wait_for && ! grep -q "$(printf "\033")" "$0"' "$dir/xvfd.log"

# The xenstore connection dies (here: the server restarts, empty): xvfd
# notices without any event, reconnects, restores its watches and its
# nodes, and answers the next request (#16 item 9).
kill $spid
wait $spid 2>/dev/null
rm -f "$dir/ready"
"$server" --ready "$dir/ready" 0:"$dir/dom0" $GUEST:"$dir/guest" 2>>"$dir/server.log" &
spid=$!
wait_for 10 '[ -e "$dir/ready" ]'
as_dom0 xenstore-write $home/name guest $home/domid $GUEST $home/data ""
as_dom0 xenstore-chmod -r $home n0 r$GUEST
as_dom0 xenstore-chmod $home/data n$GUEST
check xenstore-reconnect-readvertises "xvfd did not reconnect to xenstore and advertise again" \
	wait_for 30 '[ "$(as_dom0 xenstore-read $home/data/xvf/version)" = 1 ]'
as_dom0 xenstore-write $home/xvf/version 1
as_dom0 xenstore-chmod -r $home/xvf n0 r$GUEST
request "5 prepare-detach mac=02:58:56:46:00:01"
check xenstore-reconnect-answers "xvfd did not answer a request after reconnecting" \
	reply_is "5 prepare-detach failed reason=unknown-mac"

# Something that is not a socket at the socket's path is left alone.
echo keep >"$dir/not-a-socket"
check refuses-non-socket-path "xvfd replaced a file that is not a socket" sh -c '
	out=$(XENSTORED_PATH="$1/guest" timeout 10 "$0" -s "$1/not-a-socket" 2>&1); rc=$?
	[ $rc = 1 ] && echo "$out" | grep -q "not a socket" && [ "$(cat "$1/not-a-socket")" = keep ]' \
	"$xvfd" "$dir"

check sigterm-clean-exit "xvfd did not exit 0 on SIGTERM or left its socket" sh -c '
	kill -TERM "$0"; wait_rc=0
	for i in $(seq 200); do kill -0 "$0" 2>/dev/null || break; sleep 0.05; done
	! kill -0 "$0" 2>/dev/null && [ ! -e "$1" ]' "$dpid" "$sock"
wait $dpid
check exit-status-zero "xvfd exited non-zero after SIGTERM" test $? = 0
# Under systemd (Type=notify): READY=1 with a status line once serving,
# STOPPING=1 on SIGTERM; in between libsystemd, used only for those two
# notices, is not mapped (#16 item 12: its Debian 12 build brings ~1 MiB
# of eager dependencies into the agent's resident set).
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[1] + ".ready", "w").close()
with open(sys.argv[2], "ab", 0) as f:
    while True:
        f.write(s.recv(4096).replace(b"\n", b" ") + b"\n")
' "$dir/notify.sock" "$dir/notify.log" &
npid=$!
wait_for 10 '[ -e "$dir/notify.sock.ready" ]'
# This daemon's admin group is nogroup (gid 65534), which the
# unprivileged user of the cases below has as its own group.
printf "admin_group = nogroup\n" >"$dir/nogroup.conf"
NOTIFY_SOCKET=$dir/notify.sock start_daemon -c "$dir/nogroup.conf"
check notify-ready "xvfd did not tell systemd READY=1 with its status" \
	wait_for 20 'grep -q "^READY=1 STATUS=.*failover interface" "$dir/notify.log"'
check notify-unmaps-libsystemd "libsystemd stays mapped after the readiness notice" \
	sh -c '! grep -q libsystemd "/proc/$0/maps"' "$dpid"
# The group's id, looked up by a child, still reaches the checks.
check admin-group-member-may-hold "a member of the admin group was refused a hold" sh -c '
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$0" -s "$1" hold xfo9 2>&1)
	echo "$out" | grep -q "no failover interface xfo9"' "$xvfctl" "$sock"
kill -TERM "$dpid"
wait "$dpid"
check notify-stopping "xvfd did not tell systemd STOPPING=1 on SIGTERM" \
	grep -q "^STOPPING=1" "$dir/notify.log"
kill "$npid" 2>/dev/null
wait "$npid" 2>/dev/null
check no-sanitizer-report "ASan/UBSan reported" sh -c '! grep -E "ERROR: AddressSanitizer|runtime error|LeakSanitizer" "$0"' "$dir/xvfd.log"
