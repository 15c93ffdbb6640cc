# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for dom0 scenarios of the Xen tier (sourced after lib.sh).
#
# dom0 drives every Xen scenario. It asks the guest to run a named check by
# writing "NAME EXPRESSION" to the guest's data/xvft-cmd node; the guest
# (scenario xen-guest) evaluates it and answers "XVFT ok|fail NAME" on its
# console, which xenconsoled logs here. guest_check turns that answer into
# a case of dom0's own, so all results leave through dom0's result port.

XEN_BIN=/usr/lib/xen-4.17/bin
# Every xl command is bounded: if xl hangs while dom0 lives, the case
# fails with the timeout (exit 143) and the scenario goes on to report,
# instead of the whole run hanging until the harness kills QEMU.
XL="timeout 120 $XEN_BIN/xl"
GUEST=guest
GUEST_LOG=/var/log/xen/console/guest-$GUEST.log
BRIDGE=xenbr0
DOM0_ADDR=10.99.0.1
GUEST_ADDR=10.99.0.2
GUEST_MAC=02:58:56:46:00:01
# The guest kernel's console loglevel; a scenario may raise it to see its
# drivers' info messages in the guest console log.
GUEST_LOGLEVEL=${GUEST_LOGLEVEL:-5}
# The guest's memory in MiB; more for a debug kernel (KASAN's shadow,
# kmemleak): xvft.guest_memory=MiB on dom0's command line.
GUEST_MEMORY=$(xvf_cmdline_arg xvft.guest_memory)
GUEST_MEMORY=${GUEST_MEMORY:-256}

# Seconds since boot, with hundredths (busybox date has no %N).
now() { cut -d' ' -f1 /proc/uptime; }
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

xen_start_toolstack() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs \
		bridge xen-netback xen-pciback; do
		modprobe "$m" || return 1
	done
	mount -t xenfs xenfs /proc/xen || return 1
	# libxl keeps its locks in /var/run/xen: /var/run must be /run.
	mkdir -p /var /run/xen /run/xenstored /var/lib/xen /var/lib/xenstored \
		/var/log/xen/console
	[ -L /var/run ] || ln -s /run /var/run
	"$XEN_BIN/xenstored" --pid-file /run/xenstored.pid || return 1
	"$XEN_BIN/xen-init-dom0" || return 1
	"$XEN_BIN/xenconsoled" --pid-file /run/xenconsoled.pid \
		--log=guest --log-dir=/var/log/xen/console --timestamp=none
}

xen_bridge_up() {
	$IP link add $BRIDGE type bridge &&
		$IP addr add $DOM0_ADDR/24 dev $BRIDGE &&
		$IP link set $BRIDGE up
}

# xen_guest_config TYPE [EXTRA-XL-LINES]: the guest's xl config on stdout.
# TYPE pv: what PCI passthrough with pcifront needs, and what every
# scenario uses. (pvh would let this Xen live-migrate, since its log-dirty
# tracking uses HAP rather than the shadow paging Debian's build lacks, but
# a PVH guest here powers itself off within 0.1 s of CPU time with no
# console output; not solved yet.)
xen_guest_config() {
	cat <<CFG
name = "$GUEST"
type = "$1"
kernel = "/xvf/guest/vmlinuz"
ramdisk = "/xvf/guest/initrd.gz"
extra = "console=hvc0 loglevel=$GUEST_LOGLEVEL xvft.scenario=xen-guest xvft.results=hvc0 xvft.addr=$GUEST_ADDR/24 xvft.helpers=$scenario xvft.verbose=$XVF_VERBOSE"
memory = $GUEST_MEMORY
vcpus = 1
on_crash = "preserve"
vif = [ 'mac=$GUEST_MAC,bridge=$BRIDGE,script=/etc/xen/scripts/vif-xvf' ]
$2
CFG
}

guest_domid() {
	$XL domid $GUEST 2>/dev/null
}

# The guest's answer to a check: ok, fail or nothing yet.
guest_answer() {
	tr -d '\r' <"$GUEST_LOG" 2>/dev/null |
		grep -E "^XVFT (ok|fail) $1( |\$)" | tail -n1 | cut -d' ' -f2
}

# guest_do NAME SECONDS 'EXPRESSION': run EXPRESSION in the guest, bounded;
# its status is the guest's answer (no answer in time is a failure), and
# GUEST_WHY says why on failure. Reports no case of its own.
guest_do() {
	local name=$1 limit=$2 expr=$3 domid
	GUEST_WHY=
	# xl domid can fail for a moment right after another xl command
	# (seen once after pci-attach): the domain is looked up, bounded.
	if ! wait_until 10 '[ -n "$(guest_domid)" ]' >/dev/null 2>&1; then
		GUEST_WHY="no guest domain: $($XL domid $GUEST 2>&1 | head -n1)"
		return 1
	fi
	domid=$(guest_domid)
	xenstore-write "/local/domain/$domid/data/xvft-cmd" "$name $expr"
	if wait_until "$limit" '[ -n "$(guest_answer '"$name"')" ]' >/dev/null 2>&1 &&
		[ "$(guest_answer "$name")" = ok ]; then
		return 0
	fi
	GUEST_WHY=$(tr -d '\r' <"$GUEST_LOG" | grep -E "^XVFT fail $name " | tail -n1 | cut -d' ' -f4-)
	GUEST_WHY=${GUEST_WHY:-guest did not answer within ${limit}s}
	return 1
}

# guest_check NAME SECONDS 'EXPRESSION': guest_do as a case named NAME.
guest_check() {
	t_begin "$1"
	if guest_do "$@"; then
		t_ok "$1"
		return 0
	fi
	t_fail "$1" "$GUEST_WHY"
	return 1
}

# Known upstream warnings that are not ours, by a line unique to each.
# xen-pcifront in 6.1 removes its root bus twice when the last passed-
# through device goes away (xl pci-detach), and sysfs warns on the second
# removal: "sysfs group 'power' not found for kobject '0000:00'".
GUEST_KNOWN_WARNINGS="sysfs group 'power' not found for kobject '0000:00'"

# The guest console without the report blocks of known upstream warnings.
guest_log_without_known_warnings() {
	tr -d '\r' <"$GUEST_LOG" 2>/dev/null | awk -v known="$GUEST_KNOWN_WARNINGS" '
		/-+\[ cut here \]-+/ { inblock = 1; block = $0 "\n"; skip = 0; next }
		inblock {
			block = block $0 "\n"
			if (index($0, known)) skip = 1
			if ($0 ~ /---\[ end trace/) {
				if (!skip) printf "%s", block
				inblock = 0
			}
			next
		}
		{ print }
		END { if (inblock && !skip) printf "%s", block }'
}

# Kernel reports in the guest's console fail a case of their own; the
# report and what follows it go to dom0's console for the log. A debug
# guest is scanned for leaks first.
guest_kernel_log_check() {
	guest_kmemleak_check
	t_begin guest-kernel-log
	guest_log_without_known_warnings >/tmp/guest-log-checked
	if grep -n -E -f /xvf/kernel-report.re /tmp/guest-log-checked >/tmp/guest-reports; then
		first=$(head -n1 /tmp/guest-reports | cut -d: -f1)
		echo "----- guest kernel report -----"
		sed -n "$((first > 5 ? first - 5 : 1)),$((first + 40))p" /tmp/guest-log-checked
		echo "----- end of guest kernel report -----"
		t_fail guest-kernel-log "$(head -n1 /tmp/guest-reports | cut -d: -f2-)"
	else
		t_ok guest-kernel-log
	fi
}

# On a debug guest kernel (kmemleak): a scan of the guest finds no leak.
# Nothing on a kernel without kmemleak.
guest_kmemleak_check() {
	guest_do has-kmemleak 30 "[ -w /sys/kernel/debug/kmemleak ]" || return 0
	guest_check guest-kmemleak 600 "kmemleak_clean"
}

# A stand-in for ssh so `xl migrate` can hand the domain to an
# `xl migrate-receive` on this same host: drop the host, run the rest.
LOCAL_SSH=/xvf/local-ssh

# dom0_vf_ready: the igb PF up in dom0 with one VF that carries the
# guest's netfront MAC and waits in pciback for xl pci-attach. Sets PF,
# PF_SYS and VF_BDF. Each step is a case.
dom0_vf_ready() {
	check dom0-load-igb "modprobe igb failed" modprobe igb || return 1
	PF_BDF=$(pci_find 8086:10c9)
	check dom0-pf-netdev "no netdev on the igb PF" \
		wait_until 10 'test -n "$(netdev_of_pci $PF_BDF)"' || return 1
	PF=$(netdev_of_pci "$PF_BDF")
	PF_SYS=/sys/bus/pci/devices/$PF_BDF
	echo 0 >"$PF_SYS/sriov_drivers_autoprobe"
	check dom0-pf-up "PF would not come up" $IP link set "$PF" up || return 1
	check dom0-enable-vf "sriov_numvfs=1 failed" sh -c "echo 1 > $PF_SYS/sriov_numvfs" || return 1
	check dom0-vf-appears "no VF function" wait_until 10 'test -e $PF_SYS/virtfn0' || return 1
	VF_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
	# The VF carries the guest's netfront MAC, set from the PF before any VF
	# driver sees it.
	check dom0-vf-mac "PF refused the VF MAC" \
		$IP link set "$PF" vf 0 mac "$GUEST_MAC" || return 1
	# Autoprobe is off, so the PCI core probes the VF only for its override.
	echo pciback >"/sys/bus/pci/devices/$VF_BDF/driver_override"
	check dom0-vf-assignable "xl pci-assignable-add failed" \
		$XL pci-assignable-add "$VF_BDF" || return 1
}

# The peer sits on the bridge behind the PF. The bridge takes the PF's
# MAC, so a frame from the VF to the peer is one the NIC's internal switch
# hands to the PF (unicast between a VF and its PF never reaches the wire).
dom0_pf_in_bridge() {
	$IP link set "$PF" master $BRIDGE &&
		$IP link set $BRIDGE address "$(cat /sys/class/net/"$PF"/address)"
}

# dom0 with its toolstack and bridge, a VF with the guest's MAC ready to
# pass through, and the PF on the bridge: the peer reaches the guest
# through the NIC's internal switch and through netback. Reports a case
# per step; fails at the first that fails.
dom0_peer_beside_pf() {
	check xen-toolstack "xenstored/xen-init-dom0/xenconsoled did not start" \
		xen_start_toolstack || return 1
	check xen-bridge "could not create $BRIDGE" xen_bridge_up || return 1
	dom0_vf_ready || return 1
	check dom0-pf-in-bridge "could not put the PF in $BRIDGE" dom0_pf_in_bridge
}

# The PV guest, allowed passthrough, created and answering over netfront.
guest_up_with_passthrough() {
	xen_guest_config pv 'passthrough = "enabled"' >/tmp/guest.cfg
	check guest-create "xl create failed" $XL create /tmp/guest.cfg || {
		guest_console_dump
		return 1
	}
	guest_check guest-netfront-ping-dom0 400 "ping -c 3 -W 2 $DOM0_ADDR" || guest_console_dump
}

# A sequence-numbered UDP stream from the guest to dom0 (tests/tools/
# udpseq.c): dom0 receives on PORT; each snapshot line of the receiver
# gives totals so far.
# Start it in the scenario's own shell (not inside check, a subshell): the
# other helpers need STREAM_PID.
STREAM_LOG=/tmp/stream.log
stream_receiver_start() {
	udpseq recv "$1" >$STREAM_LOG 2>&1 &
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

# guest_failover_up ATTACH-COMMAND...: the PV guest (xen-failover.guest's
# helpers) with xfo0 over netfront carrying its address, then the VF
# attached by the command and paired under xvf. After
# dom0_peer_beside_pf, which finds the VF the command names.
guest_failover_up() {
	guest_up_with_passthrough || return 1
	guest_check guest-master 60 "fo_setup $GUEST_ADDR/24" || {
		guest_console_dump
		return 1
	}
	check pci-attach "attaching the VF failed: $*" "$@" || return 1
	guest_check guest-vf-paired 90 "modprobe xvf && fo_vf_paired" || {
		guest_console_dump
		return 1
	}
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

# A stand-in for ssh that runs the destination's half here: xvf-host
# migrate --via /tmp/ssh-here (the host argument is dropped; each call
# is logged in /tmp/ssh.log).
cat >/tmp/ssh-here <<'SSH'
#!/bin/sh
echo "$*" >>/tmp/ssh.log
shift
exec "$@"
SSH
chmod +x /tmp/ssh-here

# host_migrate NAME VIA SAVE-FILE: xvf-host migrate of the guest to
# localhost (the destination's half through VIA, xl save + restore), its
# JSON in /tmp/NAME.json and printed; true if there is a JSON outcome (a
# failed migration has one too).
host_migrate() {
	timeout 300 xvf-host migrate $GUEST localhost --via "$2" --save-restore "$3" -j \
		>/tmp/$1.json 2>/tmp/$1.log
	rm -f "$3"
	cat /tmp/$1.json
	jq -e . /tmp/$1.json >/dev/null
}
# pause_ms NAME: xl save to the end of xl restore, from xvf-host's steps.
pause_ms() {
	jq '([.steps[] | select(.step == "migrated") | .ms][0]) - ([.steps[] | select(.step == "detached") | .ms][0])' \
		/tmp/$1.json
}

# What dom0 and Xen knew about the PF, its VFs and their interrupts: for
# the log of a failed passthrough case.
dom0_vf_diagnostics() {
	echo "----- dom0 igb/pciback messages -----"
	dmesg | grep -iE 'igb|pciback|vf' | tail -n 40
	echo "----- dom0 /proc/interrupts -----"
	cat /proc/interrupts
	echo "----- Xen interrupt bindings and MSI state -----"
	$XL debug-keys i >/dev/null 2>&1
	$XL debug-keys M >/dev/null 2>&1
	$XL dmesg | tail -n 80
	echo "----- end of diagnostics -----"
}

guest_console_dump() {
	echo "----- guest console ($GUEST_LOG) -----"
	cat "$GUEST_LOG" 2>/dev/null
	echo "----- end of guest console -----"
}
