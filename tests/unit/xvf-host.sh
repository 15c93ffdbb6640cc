#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xvf-host without Xen: a made-up sysfs tree (XVF_SYSFS) with one SR-IOV PF
# and two VFs, and xvf-test-xenstored holding dom0's record of which guest
# has which VF. Checks list (text and JSON), pick, and the errors for bad
# input. One line per case: PASS|FAIL unit/xvf-host/<case>.
#   xvf-host.sh XVF_HOST_TEST_BINARY XENSTORE_SERVER_BINARY [INSTALLED_BINARY]
# The test binary (make san) reads XVF_SYSFS and XVF_XL; the installed
# one (make), if given, is checked to ignore them.
set -uo pipefail

host=$1 server=$2 installed=${3:-}
dir=$(mktemp -d)
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null; rm -rf "$dir"' EXIT

# sysfs: PF 0000:01:00.0 (netdev enp1s0), VFs 0000:01:10.0 and 0000:01:10.2.
dev=$dir/sys/bus/pci/devices
mkdir -p "$dev/0000:01:00.0/net/enp1s0" "$dir/sys/bus/pci/drivers/pciback"
echo 7 >"$dev/0000:01:00.0/sriov_totalvfs"
echo 2 >"$dev/0000:01:00.0/sriov_numvfs"
for i in 0 1; do
	vf=0000:01:10.$((i * 2))
	mkdir -p "$dev/$vf"
	ln -s "../$vf" "$dev/0000:01:00.0/virtfn$i"
	ln -s ../0000:01:00.0 "$dev/$vf/physfn"
	ln -s ../../../bus/pci/drivers/pciback "$dev/$vf/driver"
done
export XVF_SYSFS=$dir/sys XENSTORED_PATH=$dir/dom0 XVF_RUN_DIR=$dir/run

"$server" --ready "$dir/ready" 0:"$dir/dom0" 2>"$dir/server.log" &
spid=$!
end=$((SECONDS + 10))
until [ -e "$dir/ready" ] || [ $SECONDS -ge $end ]; do sleep 0.05; done

CASE_SUITE=xvf-host
. "$(dirname "$0")/case.sh"

check list-shows-vfs "list did not show the PF and both VFs, unheld" sh -c '
	out=$("$0" list) &&
	echo "$out" | grep -qx "0000:01:00.0 enp1s0: 2 of 7 VFs" &&
	echo "$out" | grep -q "^  vf 0 0000:01:10.0 driver pciback mac ? guest -$" &&
	echo "$out" | grep -q "^  vf 1 0000:01:10.2 driver pciback mac ? guest -$"' "$host"
# Text and JSON come from one printing path: the same VFs, fields and
# order in both.
check list-json-matches-text "list -j and list disagree" sh -c '
	"$0" list -j | python3 -c "
import json, subprocess, sys
pfs = json.load(sys.stdin)
text = subprocess.run([sys.argv[1], \"list\"], capture_output=True, text=True, check=True).stdout
lines = []
for pf in pfs:
    lines.append(\"%s %s: %d of %d VFs\" % (pf[\"pci\"], pf[\"netdev\"] or \"-\", pf[\"num_vfs\"], pf[\"total_vfs\"]))
    for vf in pf[\"vfs\"]:
        vlan = \" vlan %d\" % vf[\"vlan\"] if vf.get(\"vlan\") else \"\"
        lines.append(\"  vf %d %s driver %s mac %s%s guest %s\" % (vf[\"index\"], vf[\"pci\"],
            vf[\"driver\"] or \"-\", vf.get(\"mac\", \"?\"), vlan, vf[\"guest\"] or \"-\"))
assert text.splitlines() == lines, (text, lines)" "$0"' "$host"
check pick-first-free "pick did not offer VF 0" \
	sh -c '[ "$("$0" pick enp1s0)" = "0000:01:10.0 0" ]' "$host"

# A PF whose netdev answers RTM_GETLINK without a VF list (here: lo, which
# has no PCI parent). The kernel leaves the list out too when the PF driver
# cannot report a VF at that moment; list once crashed on it in dom0.
pf2=$dev/0000:02:00.0
mkdir -p "$pf2/net/lo" "$dev/0000:02:10.0"
echo 7 >"$pf2/sriov_totalvfs"
echo 1 >"$pf2/sriov_numvfs"
ln -s ../0000:02:10.0 "$pf2/virtfn0"
ln -s ../0000:02:00.0 "$dev/0000:02:10.0/physfn"
check list-pf-without-vf-info "list failed on a PF whose link reports no VF list" sh -c '
	out=$("$0" list) &&
	echo "$out" | grep -qx "0000:02:00.0 lo: 1 of 7 VFs" &&
	echo "$out" | grep -q "^  vf 0 0000:02:10.0 driver - mac ? guest -$"' "$host"
rm -rf "$pf2" "$dev/0000:02:10.0"

# dom0's backend record: domain 3 ("web") holds VF 0.
xenstore-write /local/domain/0/backend/pci/3/0/dev-0 0000:01:10.0 \
	/local/domain/0/backend/pci/3/0/vdevfn-0 0 /local/domain/3/name web
check list-names-holder "list -j did not name the guest holding VF 0" sh -c '
	"$0" list -j | python3 -c "
import json, sys
vfs = json.load(sys.stdin)[0][\"vfs\"]
assert vfs[0][\"guest\"] == \"web\" and vfs[1][\"guest\"] is None, vfs"' "$host"
check list-without-xenstore "list without xenstore did not show the VFs and say why no guest is named" sh -c '
	out=$(XENSTORED_PATH=/nonexistent "$0" list 2>&1) &&
	echo "$out" | grep -q "xenstore not reachable" &&
	echo "$out" | grep -q "0000:01:10.0 .*guest -"' "$host"
check pick-skips-held "pick offered a VF a guest holds" \
	sh -c '[ "$("$0" pick enp1s0)" = "0000:01:10.2 1" ]' "$host"
xenstore-write /local/domain/0/backend/pci/4/0/dev-0 0000:01:10.2
check pick-none-free "pick did not fail when every VF is held" \
	sh -c '! "$0" pick enp1s0 >/dev/null 2>&1 && "$0" pick enp1s0 2>&1 | grep -q "every VF of enp1s0 is held"' "$host"
check pick-unknown-pf "pick of an unknown PF did not fail clearly" \
	sh -c '! "$0" pick eth9 2>/dev/null && "$0" pick eth9 2>&1 | grep -q "no SR-IOV PF with netdev eth9"' "$host"
check rejects-bad-mac "set-mac accepted a bad MAC" \
	sh -c '"$0" set-mac enp1s0 0 02:58:56:46:00 2>&1; [ $? -eq 2 ]' "$host"
check rejects-bad-index "set-mac accepted a bad VF index" \
	sh -c '"$0" set-mac enp1s0 -1 02:58:56:46:00:01 2>&1; [ $? -eq 2 ]' "$host"
check rejects-bad-bdf "attach accepted a bad PCI address" \
	sh -c '"$0" attach web "0000:01:10.0;reboot" 2>&1 | grep -q "not a PCI address"' "$host"
check usage "no arguments did not print usage" \
	sh -c '"$0" >/dev/null 2>&1; [ $? -eq 2 ] && "$0" 2>&1 | grep -q "^usage: xvf-host list"' "$host"
check toolstack-by-name "--toolstack xl was not the toolstack in use" \
	sh -c '"$0" --toolstack xl version | grep -q "toolstack xl$"' "$host"
check toolstack-unknown "an unknown toolstack was not refused clearly" \
	sh -c '"$0" --toolstack nosuch list 2>&1; [ $? -eq 2 ] &&
		"$0" --toolstack nosuch list 2>&1 | grep -q "unknown toolstack nosuch (known: xl)"' "$host"
check help-lists-commands "help (or --help, -h) did not list every command from the table" \
	sh -c 'for h in help --help -h; do out=$("$0" $h) || exit 1
		for c in list pick set-mac assign attach detach migrate receive version; do
		echo "$out" | grep -q "xvf-host $c" || exit 1; done; done' "$host"
check unknown-command "an unknown command was not named" \
	sh -c '"$0" frobnicate 2>&1; [ $? -eq 2 ] && "$0" frobnicate 2>&1 | grep -q "unknown command frobnicate"' "$host"
check migrate-unknown-guest "migrate of an unknown guest did not fail" \
	sh -c 'XVF_XL=false "$0" migrate nosuch localhost 2>&1 | grep -q "nosuch"' "$host"

# ---- migrate and receive, with a stand-in toolstack and guest ----
#
# xl: logs its arguments, knows guest "web" as domain 3, and on pci-detach
# drops dom0's record of the VF as the real one does. The guest: answers
# the next request written to its xvf/request with "<seq> <verb> <reply>"
# (the reply text given), as the agent would.
# XL_BLOCK_AT=SUBCOMMAND: there it says so on the fifo $XL_FIFO.entered
# and waits for a line on $XL_FIFO.release (a run held in the middle, so
# a second run can start beside it).
cat >"$dir/xl" <<'XL'
#!/bin/sh
echo "$*" >>"$XL_LOG"
if [ "${XL_BLOCK_AT:-}" = "$1" ]; then
	echo "$1" >"$XL_FIFO.entered"
	read -r _ <"$XL_FIFO.release"
fi
case $1 in
domid)
	case $2 in web) echo 3 ;; db) echo 4 ;; *) exit 1 ;; esac ;;
pci-detach)
	[ -z "${XL_FAIL_DETACH:-}" ] || exit 1
	[ -z "${XL_HANG_DETACH:-}" ] || exec sleep 6001
	xenstore-rm /local/domain/0/backend/pci/3/0/dev-0 ;;
migrate | save | restore | pci-attach | pci-assignable-add) ;;
*) exit 1 ;;
esac
XL
# The destination host, reached by "ssh": logs what it was asked to run
# and answers with the outcome in $DEST_JSON.
cat >"$dir/ssh" <<'SSH'
#!/bin/sh
echo "$*" >"$SSH_LOG"
cat "$DEST_JSON"
SSH
chmod +x "$dir/xl" "$dir/ssh"
export XVF_XL=$dir/xl XL_LOG=$dir/xl.log SSH_LOG=$dir/ssh.log DEST_JSON=$dir/dest.json
home=/local/domain/3

guest_answers() {	# REPLY-AFTER-VERB: answer the next request, once
	local out=$dir/watch.$RANDOM answer=$1
	(
		timeout 60 xenstore-watch -n 2 $home/xvf/request >"$out" || exit
		req=$(xenstore-read $home/xvf/request) || exit
		set -- $req
		xenstore-write $home/data/xvf/reply "$1 $2 $answer"
	) &
	guest_pid=$!
	# Registered once the watch has fired for the first time.
	for _ in $(seq 100); do [ -s "$out" ] && return; sleep 0.05; done
}

xenstore-write $home/data/xvf/version 1 \
	$home/data/xvf/features "tx-switch pair-by-mac" \
	$home/data/xvf/reply "7 attach ok path=vf" \
	/local/domain/0/backend/vif/3/0/mac 02:58:56:46:00:01
guest_answers "ok path=netfront"
check receive-no-free-vf "receive did not tell the guest no-vf, numbered after its last reply" sh -c '
	"$0" receive web 02:58:56:46:00:01 --seq 5 -j >"$1/recv.json"; [ $? -eq 1 ] || exit 1
	[ "$(xenstore-read /local/domain/3/xvf/request)" = "8 no-vf mac=02:58:56:46:00:01 reason=none-free" ] &&
	python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert o[\"vf_attached\"] is False and o[\"confirm\"] == \"ok\", o
assert o[\"vf_error\"] == \"none-free\" and o[\"next_seq\"] == 9, o" "$1/recv.json"' "$host" "$dir"
wait $guest_pid

xenstore-rm /local/domain/0/backend/pci/4
cat >"$DEST_JSON" <<'JSON'
{ "guest": "web", "migrated": true, "vf_attached": true, "confirm": "ok", "next_seq": 11 }
JSON
guest_answers "ok path=netfront"
check migrate-hands-over "migrate did not run the destination's half there and take its outcome" sh -c '
	: >"$1/xl.log"
	"$0" migrate web far.example --via "$1/ssh -p 2222" -j >"$1/mig.json" || exit 1
	[ "$(xenstore-read /local/domain/3/xvf/request)" = "9 prepare-detach mac=02:58:56:46:00:01" ] &&
	grep -qx "pci-detach web 0000:01:10.0" "$1/xl.log" &&
	grep -qx "migrate -s $1/ssh -p 2222 web far.example" "$1/xl.log" &&
	! grep -q pci-attach "$1/xl.log" &&
	grep -qx -- "-p 2222 far.example xvf-host receive web 02:58:56:46:00:01 --seq 10 --vlan 0 --speaks -j" "$1/ssh.log" &&
	python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert o[\"migrated\"] and o[\"vf_attached\"] and o[\"prepare\"] == \"ok\", o
assert o[\"confirm\"] == \"ok\" and o[\"next_seq\"] == 11, o" "$1/mig.json"' "$host" "$dir"
wait $guest_pid

# Just restored, the guest has advertised only in part (its version, not
# yet its features): what it spoke on the source holds, it is asked.
xenstore-rm $home/data/xvf/features
guest_answers "ok path=netfront"
check receive-partial-advertisement "receive did not ask a guest whose advertisement was there in part" sh -c '
	"$0" receive web 02:58:56:46:00:01 --speaks -j >"$1/recv2.json"
	python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert o[\"confirm\"] == \"ok\", o" "$1/recv2.json"' "$host" "$dir"
wait $guest_pid
xenstore-write $home/data/xvf/features "tx-switch pair-by-mac"

check migrate-rejects-option-as-host "migrate passed a destination that ssh would read as an option" \
	sh -c '"$0" migrate web -oProxyCommand=x 2>&1 | grep -q "not a valid destination"' "$host"
check receive-rejects-bad-input "receive accepted a bad MAC, sequence number or VLAN" sh -c '
	"$0" receive web 01:00:5e:00:00:01 2>/dev/null; [ $? -eq 2 ] || exit 1
	"$0" receive web 02:58:56:46:00:01 --seq 4294967296 2>/dev/null; [ $? -eq 2 ] || exit 1
	"$0" receive web 02:58:56:46:00:01 --vlan 4095 2>&1 | grep -q "not a VLAN id"' "$host"
check set-mac-rejects-bad-vlan "set-mac accepted a bad VLAN" \
	sh -c '"$0" set-mac enp1s0 0 02:58:56:46:00:01 --vlan -3 2>&1 | grep -q "not a VLAN id"' "$host"

# The guest's numbers decide whether it is asked, never whether it
# migrates (PROTOCOL.md 2, 5.2): a guest that claims the last sequence
# number, or the one before (an exchange needs two), migrates unasked, and
# no request is written (once one numbered 0 went out unformatted).
check migrate-guest-at-last-numbers "a guest claiming the last sequence numbers stopped or garbled its migration" sh -c '
	for last in 4294967295 4294967294; do
		xenstore-write /local/domain/0/backend/pci/3/0/dev-0 0000:01:10.0 \
			/local/domain/3/xvf/request "12 attach mac=02:58:56:46:00:01 pci=0000:00:00.0" \
			/local/domain/3/data/xvf/reply "$last attach ok path=vf"
		: >"$1/xl.log"
		"$0" migrate web far.example --via "$1/ssh" -j >"$1/mig-last.json" || exit 1
		[ "$(xenstore-read /local/domain/3/xvf/request)" = "12 attach mac=02:58:56:46:00:01 pci=0000:00:00.0" ] || exit 1
		grep -qx "pci-detach web 0000:01:10.0" "$1/xl.log" || exit 1
		python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert o[\"migrated\"] and not o[\"guest_speaks\"] and o[\"prepare\"] == \"not-asked\", o" "$1/mig-last.json" || exit 1
	done' "$host" "$dir"

# A destination whose outcome has null where a string belongs: read as
# absent, not a crash.
xenstore-write /local/domain/0/backend/pci/3/0/dev-0 0000:01:10.0 \
	$home/data/xvf/reply "20 attach ok path=vf"
cat >"$DEST_JSON" <<'JSON'
{ "guest": "web", "migrated": true, "vf_attached": true, "confirm": null, "reason": null, "next_seq": null }
JSON
guest_answers "ok path=netfront"
check migrate-destination-nulls "migrate crashed on a destination outcome with null fields" sh -c '
	"$0" migrate web far.example --via "$1/ssh" -j >"$1/mig-null.json" || exit 1
	python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert o[\"migrated\"] and o[\"vf_attached\"] and o[\"confirm\"] == \"not-asked\", o
assert \"reason\" not in o and o[\"next_seq\"] == 22, o" "$1/mig-null.json"' "$host" "$dir"
wait $guest_pid

# A failed detach: the guest is told to go back to its VF (cancel), so
# the VF's MAC filter, cleared for the detach, is restored before that
# request is written. The stand-in guest answers each request and, when
# it reads the cancel, keeps the VF settings made so far.
guest_answers_until_cancel() {	# LAST-SEQ: its reply node says so first
	xenstore-write /local/domain/0/backend/pci/3/0/dev-0 0000:01:10.0 \
		$home/data/xvf/reply "$1 attach ok path=vf"
	rm -f "$dir/watch.fifo" && mkfifo "$dir/watch.fifo"
	(
		last=$1
		timeout 60 xenstore-watch $home/xvf/request >"$dir/watch.fifo" &
		watch=$!
		while read -r _; do
			set -- $(xenstore-read $home/xvf/request) && [ "$1" -gt "$last" ] || continue
			last=$1
			case $2 in
			prepare-detach) xenstore-write $home/data/xvf/reply "$1 $2 ok path=netfront" ;;
			cancel)
				cp "$XVF_VF_CONFIG_LOG" "$dir/vf-config-at-cancel"
				xenstore-write $home/data/xvf/reply "$1 $2 ok path=vf"
				break ;;
			esac
		done <"$dir/watch.fifo"
		kill $watch 2>/dev/null
	) &
	guest_pid=$!
}
export XVF_VF_CONFIG_LOG=$dir/vf-config.log
: >"$XVF_VF_CONFIG_LOG"
guest_answers_until_cancel 30
check failed-detach-restores-mac "after a failed detach the VF's MAC was not back before the guest was told to cancel" sh -c '
	XL_FAIL_DETACH=1 "$0" migrate web far.example --via "$1/ssh" -j >"$1/mig-fail.json"; [ $? -eq 1 ] || exit 1
	printf "%s\n" "enp1s0 0 00:00:00:00:00:00 -1" "enp1s0 0 02:58:56:46:00:01 -1" |
		diff - "$1/vf-config-at-cancel" || exit 1
	python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert not o[\"migrated\"] and o[\"vf_attached\"] and o[\"confirm\"] == \"ok\", o" "$1/mig-fail.json"' "$host" "$dir"
wait $guest_pid

# Every wait on another program is bounded (PROTOCOL.md 5.7): an xl that
# hangs in pci-detach is stopped at the limit, and the migration goes on
# as after any failed detach.
guest_answers_until_cancel 40
check xl-hang-is-bounded "a hanging xl pci-detach was not stopped at --timeout" sh -c '
	XL_HANG_DETACH=1 "$0" --timeout 1 migrate web far.example --via "$1/ssh" -j \
		>"$1/mig-hang.json" 2>"$1/mig-hang.err"; [ $? -eq 1 ] || exit 1
	grep -q "xl pci-detach did not finish within 1 s: stopped" "$1/mig-hang.err" &&
	! pgrep -x -f "sleep 6001" >/dev/null &&
	python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert not o[\"migrated\"] and o[\"vf_attached\"], o" "$1/mig-hang.json"' "$host" "$dir"
wait $guest_pid
unset XVF_VF_CONFIG_LOG

# Without --via, ssh reaches the destination in batch mode: it fails
# rather than wait for a password nobody will type.
xenstore-write /local/domain/0/backend/pci/3/0/dev-0 0000:01:10.0 \
	$home/data/xvf/reply "50 attach ok path=vf"
guest_answers "ok path=netfront"
check default-ssh-never-prompts "the default ssh was not in batch mode" sh -c '
	: >"$1/xl.log"
	PATH=$1:$PATH "$0" migrate web far.example -j >/dev/null 2>&1
	grep -qx "migrate -s ssh -o BatchMode=yes web far.example" "$1/xl.log" &&
	grep -q "^-o BatchMode=yes far.example xvf-host receive web " "$1/ssh.log"' "$host" "$dir"
wait $guest_pid
# The limits go to the destination's half with the rest of its command,
# however many words the --via command takes (all fit in the argument
# vector: the run is under ASan).
xenstore-write /local/domain/0/backend/pci/3/0/dev-0 0000:01:10.0 \
	$home/data/xvf/reply "55 attach ok path=vf"
guest_answers "ok path=netfront"
check migrate-passes-limits "migrate did not pass --timeout and --confirm-timeout to the destination" sh -c '
	: >"$1/xl.log"
	"$0" --timeout 9 --confirm-timeout 7 migrate web far.example --dest-pf eth9 \
		--via "$1/ssh -v -v -v -v -v -v -v -v -v -v -v -v -v -v -v" -j >/dev/null || exit 1
	grep -q "^-v .* far.example xvf-host --timeout 9 --confirm-timeout 7 receive web 02:58:56:46:00:01 --seq [0-9]* --vlan 0 --pf eth9 --speaks -j$" "$1/ssh.log"' "$host" "$dir"
wait $guest_pid
# A guest that speaks the protocol and never confirms is waited for no
# longer than --confirm-timeout (default a minute: the bound below fails
# a run that ignores the option).
check receive-confirm-timeout "receive waited past --confirm-timeout for a silent guest" sh -c '
	timeout 30 "$0" --confirm-timeout 1 receive web 02:58:56:46:00:01 --speaks -j >"$1/recv-silent.json"
	[ $? -eq 1 ] || exit 1
	python3 -c "
import json, sys
o = json.load(open(sys.argv[1]))
assert o[\"confirm\"] == \"timeout\", o" "$1/recv-silent.json"' "$host" "$dir"
check rejects-bad-timeout "a bad --timeout was accepted" sh -c '
	"$0" --timeout 0 list 2>&1; [ $? -eq 2 ] || exit 1
	"$0" --migrate-timeout 12x list 2>&1 | grep -q "not a number of seconds" || exit 1
	"$0" --confirm-timeout 0 list 2>&1 | grep -q "not a number of seconds"' "$host"

# Concurrent runs (#16 item 2). held RUN...: start RUN with xl held at
# $XL_BLOCK_AT, return once it is there; let_go releases it.
export XL_FIFO=$dir/xl-fifo
mkfifo "$XL_FIFO.entered" "$XL_FIFO.release"
held() {
	"$@" >/dev/null 2>&1 &
	held_pid=$!
	timeout 30 sh -c 'read -r _ <"$0"' "$XL_FIFO.entered"
}
let_go() {
	echo go >"$XL_FIFO.release"
	wait $held_pid
}

# Two destinations' halves at once: the first, held after it picked its
# VF and set the guest's MAC, has not attached it yet; the second must
# pick the other VF, not set another tenant's MAC on the first one's.
# (web quiet meanwhile: a guest that speaks would be asked to confirm.)
xenstore-rm /local/domain/0/backend/pci/3 $home/data/xvf/version
export XVF_VF_CONFIG_LOG=$dir/vf-config-2.log
: >"$XVF_VF_CONFIG_LOG"
XL_BLOCK_AT=pci-assignable-add held "$host" receive web 02:58:56:46:00:01 --vlan 10
"$host" receive db 02:58:56:46:00:02 --vlan 20 >/dev/null 2>&1
let_go
check concurrent-receives-reserve-apart "two concurrent receives set their MACs on one VF" sh -c '
	sort "$0" | diff - /dev/fd/3 3<<-LOG
	enp1s0 0 02:58:56:46:00:01 10
	enp1s0 1 02:58:56:46:00:02 20
	LOG' "$XVF_VF_CONFIG_LOG"
unset XVF_VF_CONFIG_LOG
xenstore-write $home/data/xvf/version 1

# Two migrations of one guest at once: the second is refused before it
# writes anything, the first goes on.
xenstore-write /local/domain/0/backend/pci/3/0/dev-0 0000:01:10.0 \
	$home/data/xvf/reply "60 attach ok path=vf"
guest_answers "ok path=netfront"
XL_BLOCK_AT=pci-detach held "$host" migrate web far.example --via "$dir/ssh"
check second-migration-refused "a second migration of one guest was not refused, or wrote a request" sh -c '
	"$0" migrate web far.example --via "$1/ssh" 2>"$1/second.err"; [ $? -eq 1 ] || exit 1
	grep -q "another xvf-host run holds web" "$1/second.err" &&
	[ "$(xenstore-read /local/domain/3/xvf/request)" = "61 prepare-detach mac=02:58:56:46:00:01" ]' "$host" "$dir"
let_go
wait $guest_pid
check lock-released-on-crash "a killed run left its guest locked" sh -c '
	XL_BLOCK_AT=domid "$0" receive db 02:58:56:46:00:02 >/dev/null 2>&1 &
	pid=$!
	timeout 30 sh -c "read -r _ <\"\$0\"" "$XL_FIFO.entered" || exit 1
	kill -9 $pid; wait $pid 2>/dev/null
	# Its xl is still there, held: it must not have inherited the lock.
	out=$("$0" receive db 02:58:56:46:00:02 2>&1)
	echo go >"$XL_FIFO.release"
	! echo "$out" | grep -q "another xvf-host run"' "$host"

# The installed binary has no test hooks: an inherited XVF_XL must not
# choose the program it runs as root.
if [ -n "$installed" ]; then
	printf '#!/bin/sh\ntouch "%s/hook-ran"\n' "$dir" >"$dir/xl-hook"
	chmod +x "$dir/xl-hook"
	check installed-ignores-test-hooks "the installed xvf-host ran the program named by XVF_XL" sh -c '
		XVF_XL=$1/xl-hook "$0" detach web 0000:01:10.0 >/dev/null 2>&1
		[ ! -e "$1/hook-ran" ]' "$installed" "$dir"
fi
