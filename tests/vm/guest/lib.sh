# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for scenarios running inside the xvf test VM.
#
# Results go to the second serial port (/dev/ttyS1), one line each:
#   XVFT ok NAME | XVFT fail NAME REASON | XVFT skip NAME REASON
#   XVFT ktap-begin NAME ... XVFT ktap LINE ... XVFT ktap-end NAME
# The kernel console (ttyS0) gets a marker "xvft: begin NAME" before each
# case, so a kernel report (KASAN, lockdep, UBSAN, kmemleak, WARN, oops)
# can be pinned to the case that produced it.

IP=/usr/sbin/ip-full		# iproute2's ip; busybox's lacks vf/netns
ETHTOOL=/usr/sbin/ethtool-full
RESULTS=/dev/ttyS1
XVF_CASE=
XVF_VERBOSE=0

xvf_cmdline_arg() {
	sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p;s/^$1=\([^[:space:]]*\).*/\1/p" /proc/cmdline | head -n1
}

xvf_result() {
	echo "XVFT $*" >"$RESULTS"
}

# Put a line into the kernel log, at warning level so `loglevel=5` shows it.
xvf_kmsg() {
	echo "<4>xvft: $*" >/dev/kmsg
}

t_begin() {
	XVF_CASE=$1
	xvf_kmsg "begin $1"
	[ "$XVF_VERBOSE" = 1 ] && echo "--- $1"
	return 0
}

# repeat CHECK SOAK: how many times to repeat something that is the same
# case each time (removal cycles, migrations): CHECK in make check, SOAK
# in make soak (xvft.soak=1 on the kernel command line).
repeat() {
	if [ "$(xvf_cmdline_arg xvft.soak)" = 1 ]; then
		echo "$2"
	else
		echo "$1"
	fi
}

# metric NAME VALUE: a measurement for make bench.
metric() { xvf_result "metric $1 $2"; }
t_ok() { xvf_result "ok $1"; echo "ok   $1"; }
# A reason may quote a broken program's output: bytes that are not
# printable become '?', so the results stay text for every reader (the
# console log keeps the raw bytes).
t_fail() {
	set -- "$1" "$(printf '%s' "$2" | tr '\n' ' ' | sed 's/[^[:print:]]/?/g')"
	xvf_result "fail $1 $2"
	echo "FAIL $1: $2"
}
t_skip() { xvf_result "skip $1 $2"; echo "skip $1: $2"; }

# check NAME DESCRIPTION-OF-FAILURE COMMAND...: one case from one command.
check() {
	name=$1 why=$2
	shift 2
	t_begin "$name"
	if out=$("$@" 2>&1); then
		t_ok "$name"
		[ "$XVF_VERBOSE" = 1 ] && [ -n "$out" ] && echo "$out"
		return 0
	fi
	echo "$out" | tail -n 20
	t_fail "$name" "$why"
	return 1
}

# wait_until SECONDS 'EXPRESSION': evaluate the shell expression until it
# succeeds, bounded by the clock (not by a count of tries: under TCG one
# try can take a second). This polls for a state the kernel or a peer
# reaches on its own time; it is not a sleep standing in for it.
wait_until() {
	local limit=$1 end
	shift
	end=$(($(uptime_seconds) + limit))
	until eval "$*" >/dev/null 2>&1; do
		if [ "$(uptime_seconds)" -ge "$end" ]; then
			eval "$*"
			return
		fi
		sleep 0.2
	done
}

# http_gets_spread RUN ADDR PATH: 16 HTTP GETs of PATH from ADDR:8080
# (busybox nc; RUN before it, as "ip netns exec NS"), one after another,
# each from a source port of its own: a base port and the 15 ports that
# differ from it in one bit each. A NIC's Toeplitz hash is linear in the
# port's bits, so each bit's share of the key is in play: one queue gets
# at most one connection for 34 in 65,536 keys (each boot draws one).
# Ports the kernel hands out one after another differ in a few low bits
# only, and with some keys every connection landed on one queue (about
# 1 run in 10, 2026-12-05). Debian's busybox nc ignores -p for a
# connection, so the port comes from the namespace's local port range,
# narrowed to it for each connection (two ports: one would draw the
# kernel's warning about the range's parity; it takes the first).
http_gets_spread() {
	local saved bit port ok=0
	saved=$($1 cat /proc/sys/net/ipv4/ip_local_port_range)
	for bit in base $(seq 0 14); do
		port=40000
		[ "$bit" = base ] || port=$((40000 ^ (1 << bit)))
		$1 sh -c "echo '$port $((port + 1))' >/proc/sys/net/ipv4/ip_local_port_range" &&
			printf 'GET %s HTTP/1.0\r\n\r\n' "$3" |
			$1 nc -w 10 "$2" 8080 >/dev/null || ok=1
	done
	$1 sh -c "echo '$saved' >/proc/sys/net/ipv4/ip_local_port_range"
	return $ok
}

uptime_seconds() {
	cut -d. -f1 /proc/uptime
}

# The netdev bound to PCI device $1 (a BDF), or nothing.
netdev_of_pci() {
	ls "/sys/bus/pci/devices/$1/net" 2>/dev/null | head -n1
}

# The PCI device (BDF) of the first function with vendor:device $1.
pci_find() {
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/vendor"):$(cat "$d/device")" = "0x${1%%:*}:0x${1#*:}" ]; then
			basename "$d"
			return 0
		fi
	done
	return 1
}

# pf_ready [DRIVER PCI-ID]: load the PF's driver (default QEMU's igb, the
# 82576; the 82599 model is ixgbe 8086:10f7), find the PF and its netdev,
# keep VF drivers from binding on their own (MACs first, then the
# driver), and bring it up. Three cases; sets PF_BDF, PF and PF_SYS.
pf_ready() {
	local drv=${1:-igb} id=${2:-8086:10c9}
	check load-$drv "modprobe $drv failed" modprobe "$drv" || return 1
	PF_BDF=$(pci_find "$id")
	check pf-netdev "no netdev on the $drv PF (${PF_BDF:-no $id device})" \
		wait_until 10 'test -n "$(netdev_of_pci $PF_BDF)"' || return 1
	PF=$(netdev_of_pci "$PF_BDF")
	PF_SYS=/sys/bus/pci/devices/$PF_BDF
	echo 0 >"$PF_SYS/sriov_drivers_autoprobe"
	check pf-up "PF would not come up" $IP link set "$PF" up
}
igb_pf_ready() { pf_ready igb 8086:10c9; }

# pf_mtu_changes_recovered VF GATEWAY: the igb PF resets itself on an MTU
# change; change it to 1600 and back to 1500 with pings flowing through
# VF, and after each change VF must carry an answer from GATEWAY again
# within 20 s. The in-tree igbvf does (vm/igbvf-baseline).
pf_mtu_changes_recovered() {
	local pinger rc=0 mtu
	ping -q -i 0.05 -w 120 -I "$1" "$2" >/dev/null 2>&1 &
	pinger=$!
	for mtu in 1600 1500; do
		$IP link set "$PF" mtu $mtu &&
			wait_until 20 "ping -c 1 -W 1 -I $1 $2" ||
			{ echo "no answer through $1 within 20 s of PF MTU $mtu"; rc=1; break; }
	done
	# Later cases expect the PF's MTU as it was.
	[ $rc = 0 ] || $IP link set "$PF" mtu 1500
	kill $pinger 2>/dev/null
	wait $pinger 2>/dev/null
	return $rc
}

bind_xvf() {	# BDF: bind it to xvf and wait for its netdev
	echo xvf >"/sys/bus/pci/devices/$1/driver_override" &&
		echo "$1" >/sys/bus/pci/drivers_probe &&
		wait_until 10 "test -n \"\$(netdev_of_pci $1)\""
}

# stream_account PREFIX DIR PHASE FIELD-FUNCTION: one direction's lost,
# duplicated and reordered packets since the last call, from its udpseq
# receiver's newest snapshot (FIELD-FUNCTION NAME prints a field), as
# metrics PREFIX_{lost,duplicates,reordered,gap_ms}_DIR_PHASE (gap_ms: the
# longest silence of the phase); LOST_DIR is set.
stream_account() {
	local h r d o
	h=$($4 highest) r=$($4 received) d=$($4 duplicates) o=$($4 reordered)
	eval ": \${last_h_$2:=0} \${last_r_$2:=0} \${last_d_$2:=0} \${last_o_$2:=0}"
	eval "LOST_$2=\$(((h - last_h_$2) - (r - last_r_$2)))"
	metric "$1_lost_$2_$3" "$(eval echo \$LOST_$2)"
	metric "$1_duplicates_$2_$3" $((d - $(eval echo \$last_d_$2)))
	metric "$1_reordered_$2_$3" $((o - $(eval echo \$last_o_$2)))
	metric "$1_gap_ms_$2_$3" "$($4 gap_ms)"
	# What the phase's longest gap skipped, and what it lost outside it.
	eval "GAP_MS_$2=\$($4 gap_ms) SKIPPED_$2=\$($4 gap_skipped)"
	eval "LOST_OUTSIDE_$2=\$((LOST_$2 - \${SKIPPED_$2:-0}))"
	eval "last_h_$2=$h last_r_$2=$r last_d_$2=$d last_o_$2=$o"
}

# skips_of_last_phase FILE: the skip lines of an UDPSEQ_SKIPS log
# (tests/tools/udpseq.c) in the phase that ended last, on one line.
skips_of_last_phase() {
	awk '/^phase-end/ { n++ } { line[NR] = $0; p[NR] = n }
		END { for (i = 1; i <= NR; i++)
			if (p[i] == n - 1 && line[i] !~ /^phase-end/) printf "%s; ", line[i] }' "$1"
}

link_stat() {
	cat "/sys/class/net/$1/statistics/$2"
}

# kmemleak_clean: a kmemleak scan (debug kernel) found nothing; what it
# found goes to the console. False where there is no kmemleak.
kmemleak_clean() {
	kml=/sys/kernel/debug/kmemleak
	[ -w "$kml" ] || return 1
	echo scan >"$kml"
	leaks=$(cat "$kml")
	[ -z "$leaks" ] && return 0
	echo "$leaks" | head -n 60 >/dev/console
	return 1
}

# On the debug kernel: scan for leaks and report them as a failed case.
xvf_kmemleak_report() {
	[ -w /sys/kernel/debug/kmemleak ] || return 0
	t_begin kmemleak-scan
	if kmemleak_clean; then
		t_ok kmemleak-scan
	else
		t_fail kmemleak-scan "kmemleak found unreferenced objects"
	fi
}
