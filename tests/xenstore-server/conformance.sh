#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Conformance of xvf-test-xenstored with the real client side: Debian's
# xenstore-read/-write/-ls/-rm/-chmod/-watch and libxenstore (xs-tx-test).
# One line per case: PASS|FAIL unit/xenstore-server/<case> [why].
# Each further PROGRAM then runs against the same server as
#   PROGRAM DOM0_SOCKET GUEST_SOCKET GUEST_DOMID
# and its TAP cases count as unit/<program>/<case>.
#   conformance.sh BUILD_DIR [PROGRAM...]
#   (BUILD_DIR holds xvf-test-xenstored and xs-tx-test)
set -uo pipefail

build=$1
shift
GUEST=5
dir=$(mktemp -d)
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
"$build/xvf-test-xenstored" --ready "$dir/ready" 0:"$dir/dom0" $GUEST:"$dir/guest" \
	2>"$dir/server.log" &
server=$!

# Bounded wait for something the server does on its own time.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until eval "$*"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

as_dom0() { XENSTORED_PATH=$dir/dom0 "$@"; }
as_guest() { XENSTORED_PATH=$dir/guest "$@"; }

CASE_SUITE=xenstore-server
. "$(dirname "$0")/../unit/case.sh"

if ! wait_for 10 '[ -e "$dir/ready" ]'; then
	cat "$dir/server.log" | sed 's/^/# /'
	echo "FAIL unit/xenstore-server/starts server did not get ready"
	exit 0
fi
echo "PASS unit/xenstore-server/starts"

# The guest's home as xl lays it out: the home readable by the guest,
# data/ owned by the guest; then the protocol's host-owned xvf/ (n0 r5).
home=/local/domain/$GUEST
as_dom0 xenstore-write $home/name guest $home/data "" $home/xvf/request "1 prepare-detach mac=02:58:56:46:00:01"
as_dom0 xenstore-chmod -r $home n0 r$GUEST
as_dom0 xenstore-chmod $home/data n$GUEST

check write-read "a value did not read back" \
	sh -c '! XENSTORED_PATH='"$dir"'/dom0 xenstore-read /t/a &&
		XENSTORED_PATH='"$dir"'/dom0 xenstore-write /t/a "x y" &&
		[ "$(XENSTORED_PATH='"$dir"'/dom0 xenstore-read /t/a)" = "x y" ]'
check ls-lists-children "xenstore-ls did not list both children" \
	sh -c 'XENSTORED_PATH='"$dir"'/dom0 xenstore-write /t/b 2 &&
		out=$(XENSTORED_PATH='"$dir"'/dom0 xenstore-ls /t) &&
		echo "$out" | grep -qx "a = \"x y\"" && echo "$out" | grep -qx "b = \"2\""'
check rm-removes-subtree "a removed node is still there" \
	sh -c 'XENSTORED_PATH='"$dir"'/dom0 xenstore-write /t/sub/deep 1 &&
		XENSTORED_PATH='"$dir"'/dom0 xenstore-rm /t/sub &&
		! XENSTORED_PATH='"$dir"'/dom0 xenstore-read /t/sub/deep'
check chmod-and-perms "xenstore-ls -p did not show n0,r5" \
	sh -c 'XENSTORED_PATH='"$dir"'/dom0 xenstore-ls -p '$home' | grep -q "^ request = .*(n0,r'$GUEST')"'
check guest-reads-host-node "guest could not read xvf/request" \
	sh -c '[ "$(XENSTORED_PATH='"$dir"'/guest xenstore-read xvf/request)" = "1 prepare-detach mac=02:58:56:46:00:01" ]'
check guest-write-to-host-node-refused "guest wrote a host-owned node" \
	sh -c '! XENSTORED_PATH='"$dir"'/guest xenstore-write xvf/request "9 attach" &&
		[ "$(XENSTORED_PATH='"$dir"'/dom0 xenstore-read '$home'/xvf/request)" = "1 prepare-detach mac=02:58:56:46:00:01" ]'
check guest-create-in-host-dir-refused "guest created a node under xvf/" \
	sh -c '! XENSTORED_PATH='"$dir"'/guest xenstore-write xvf/evil 1 &&
		! XENSTORED_PATH='"$dir"'/dom0 xenstore-read '$home'/xvf/evil'
check guest-chmod-of-host-node-refused "guest changed a host node's permissions" \
	sh -c '! XENSTORED_PATH='"$dir"'/guest xenstore-chmod xvf/request b'$GUEST
check guest-cannot-read-dom0-nodes "guest read a dom0-only node" \
	sh -c '! XENSTORED_PATH='"$dir"'/guest xenstore-read /t/a'
check guest-relative-write "a relative write did not land in the guest's home" \
	sh -c 'XENSTORED_PATH='"$dir"'/guest xenstore-write data/xvf/version 1 &&
		[ "$(XENSTORED_PATH='"$dir"'/dom0 xenstore-read '$home'/data/xvf/version)" = 1 ]'
check guest-owns-what-it-creates "a guest-created node is not owned by the guest" \
	sh -c 'XENSTORED_PATH='"$dir"'/dom0 xenstore-ls -p '$home'/data | grep -q "^ version = .*(n'$GUEST')"'

# Watches: fire once when set, then per change of the node or below, in
# order; a relative watch reports relative paths.
watch_events() {
	local who=$1 path=$2 n=$3 out=$4
	XENSTORED_PATH=$dir/$who timeout 20 xenstore-watch -n "$n" "$path" >"$out" &
	wait_for 10 '[ -s "'"$out"'" ]'
}
watch_events dom0 /w 4 "$dir/w1"
as_dom0 xenstore-write /w/x 1
as_dom0 xenstore-write /w/x/y 2
as_dom0 xenstore-write /other 3
as_dom0 xenstore-rm /w/x
check watch-fires-in-order "watch events were not /w /w/x /w/x/y /w/x" \
	wait_for 10 '[ "$(tr "\n" " " <"'"$dir/w1"'")" = "/w /w/x /w/x/y /w/x " ]'
watch_events guest data/xvf 2 "$dir/w2"
as_guest xenstore-write data/xvf/reply "1 prepare-detach ok path=netfront"
check watch-relative-paths "a relative watch did not report relative paths" \
	wait_for 10 '[ "$(tr "\n" " " <"'"$dir/w2"'")" = "data/xvf data/xvf/reply " ]'

XENSTORED_PATH=$dir/dom0 "$build/xs-tx-test" | awk '
	/^ok / { sub(/^ok [0-9]+ - /, ""); gsub(/ /, "-"); print "PASS unit/xenstore-server/tx-" $0 }
	/^not ok / { sub(/^not ok [0-9]+ - /, ""); gsub(/ /, "-"); print "FAIL unit/xenstore-server/tx-" $0 }
	/^Bail out/ { print "FAIL unit/xenstore-server/tx " $0 }'

# TAP to case lines; a program that stops short of its plan fails.
tap_cases() {
	awk -v suite="$1" '
		/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0 }
		/^(not )?ok [0-9]+ - / {
			status = $1 == "not" ? "FAIL" : "PASS"
			sub(/^(not )?ok [0-9]+ - /, "")
			gsub(/ /, "-")
			printf "%s unit/%s/%s\n", status, suite, $0
			seen++
		}
		/^#/ { print }
		END { if (plan == 0 || seen != plan)
			printf "FAIL unit/%s/run stopped after %d of %d cases\n", suite, seen, plan }'
}
for prog in "$@"; do
	"$prog" "$dir/dom0" "$dir/guest" $GUEST 2>&1 | tap_cases "$(basename "$prog")"
done

kill $server
if ! wait $server; then
	sed 's/^/# /' "$dir/server.log"
	echo "FAIL unit/xenstore-server/clean-exit server exited non-zero (sanitizer report?)"
else
	echo "PASS unit/xenstore-server/clean-exit"
fi
