# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-tap-peer
# qemu-smp: 1
# qemu-icount: 0
# timeout: 1800
#
# make bench only: xvf against the in-tree igbvf on the same VF in the same
# boot. The peer is not in this guest: it is benchpeer (tests/tools) on the
# host's own CPUs and network stack, at the other end of the igb's wire (a
# tap, tests/vm/run.sh), so it costs the guest nothing and is the same for
# both drivers. The guest has one vCPU; QEMU's I/O thread and the peer
# have the host's other core.
#
# The guest's clock counts its instructions (QEMU's -icount, shift 0: one
# instruction is one nanosecond while the vCPU runs; idle time passes as on
# the host), and every figure is per second of the guest's busy time: the
# guest's elapsed time less its idle time, both exact. Timed by the host's
# clock, a 2-second figure of either driver moved by up to a factor of two
# from one measurement to the next (TCG's speed follows the host's load),
# and no number of rounds made two runs agree within 5 %. Elapsed guest
# time is not enough either: an idle moment (waiting for the peer's ACKs)
# passes at the host's speed, several times the busy guest's, and made TCP
# transmit figures bimodal. Per busy second, a figure is the work the
# driver and the stack did per unit of it: under TCG the guest's CPU is
# what limits every transfer, so this is the throughput the guest carries.
# What this cannot see: the device's own cost, since an MMIO access is one
# instruction here and hundreds of nanoseconds on silicon.
#
# VF0 alternates between the two drivers, ROUNDS rounds, each round both
# drivers, the first of the pair alternating (igbvf first in odd rounds,
# xvf in even ones) so a drift of the machine weighs on both alike. Each
# direction is measured with the other side fixed, and each metric carries
# its round, _r<N>, so the host pairs a round's two drivers into one ratio:
#   tcp_rx_mbps_<drv>_rN    64 MiB from the peer (wget), content checked;
#                           megabits per busy second
#   tcp_tx_mbps_<drv>_rN    64 MiB to the peer, TX_FETCHES times (it fetches
#                           from the guest's httpd), content checked;
#                           megabits per busy second from each request to
#                           the peer's answer
#   cpu_us_per_packet_<drv>_rN  busy microseconds during those two
#                           transfers per TCP segment VF0 sent or received
#   udp64_tx_pps_<drv>_rN   64-byte UDP frames from VF0 (udpseq flood) that
#                           reached the peer, per busy second from the
#                           first send to the driver's last TX completion
#   udp64_rx_pps_<drv>_rN   64-byte UDP datagrams the stack took from the
#                           driver (delivered or not to the full socket)
#                           while the peer offered UDP_RX_RATE a second for
#                           UDP_RX_SECONDS, per busy second of the offer
# The host turns them into medians and per-round xvf/igbvf ratios.

ROUNDS=$(xvf_cmdline_arg xvft.rounds)
ROUNDS=${ROUNDS:-12}
PEER=192.168.77.2
PEER_BLOB_SHA256=$(xvf_cmdline_arg xvft.peer_blob_sha256)
# 64 MiB a transfer: a second or more at these rates, so that the
# guest's clock (10 ms steps) and the start-up weigh little.
BLOB_MIB=64
TX_FETCHES=3
UDP_TX_COUNT=100000
UDP_RX_RATE=100000
UDP_RX_SECONDS=3

# mark: the guest's clock and its idle time, both in nanoseconds and exact:
# "udpseq now" to the microsecond (/proc/uptime stops at 10 ms), and the
# idle (and I/O wait) time NO_HZ accounts at each idle exit, which
# /proc/uptime and /proc/stat round to 10 ms.
mark() {
	echo "$(udpseq now) $(awk '/idle_sleeptime|iowait_sleeptime/ { sub(/.*: */, ""); s += $1 } END { printf "%.0f", s }' /proc/timer_list)"
}
# busy_us MARK0 MARK1: microseconds the CPU worked between two marks.
# None at all means the marks are wrong (a clock or the idle accounting
# went backwards): fail rather than divide by a made-up figure.
busy_us() {
	echo "$1 $2" | awk '{ b = ($3 - $1) * 1e6 - ($4 - $2) / 1e3 }
		b < 1 { print "no busy time between marks " $1 " " $2 " and " $3 " " $4 > "/dev/stderr"; exit 1 }
		{ printf "%.0f", b }'
}
# mbps BYTES BUSY_US: megabits per busy second (bits per microsecond)
mbps() {
	awk -v n="$1" -v us="$2" 'BEGIN { printf "%.1f", n * 8 / us }'
}
# per_busy_second COUNT BUSY_US: COUNT per busy second
per_busy_second() {
	awk -v n="$1" -v us="$2" 'BEGIN { printf "%.1f", n * 1e6 / us }'
}
# TCP segments in and out, as the stack counts them: exact at once, where
# the drivers' ip -s link figures come from hardware counters read every
# second or two.
tcp_segments() {
	awk '/^Tcp: [0-9]/{ print $11 + $12 }' /proc/net/snmp
}
# UDP datagrams that reached the UDP layer: delivered, to no port, or
# dropped at a full socket (InErrors counts those).
udp_datagrams() {
	awk '/^Udp: [0-9]/{ print $2 + $3 + $4 }' /proc/net/snmp
}
# peer_ask PATH: benchpeer's answer to GET PATH (one line). No -T: the
# static busybox 1.35 wget segfaults with it.
peer_ask() {
	wget -q -O - "http://$PEER:7000$1"
}
# field NAME LINE: the value of NAME=value in LINE.
field() {
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# The NIC and the drivers compared: QEMU's igb here; ixgbe/driver-bench
# sets these for the 82599 model and sources this file.
BENCH_PF=${BENCH_PF:-igb 8086:10c9}
BENCH_DRIVERS=${BENCH_DRIVERS:-igbvf xvf}

# shellcheck disable=SC2086 # BENCH_PF is "DRIVER PCI-ID"
pf_ready $BENCH_PF || return
check vf-ready "could not enable a VF with its MAC" eval \
	"echo 1 > $PF_SYS/sriov_numvfs && test -e $PF_SYS/virtfn0 &&
	 $IP link set $PF vf 0 mac 02:58:56:46:00:01" || return
VF0_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
load_bench_drivers() {
	local d
	for d in $BENCH_DRIVERS; do modprobe "$d" || return; done
}
check load-drivers "modprobe $BENCH_DRIVERS failed" load_bench_drivers || return
check peer-blob-named "the host named no SHA-256 for its blob" test -n "$PEER_BLOB_SHA256" || return
mkdir -p /tmp/www && dd if=/dev/urandom of=/tmp/www/blob bs=64k count=$((BLOB_MIB * 16)) 2>/dev/null
BLOB_SHA256=$(sha256sum </tmp/www/blob | cut -d' ' -f1)
httpd -p 8080 -h /tmp/www

bind_to() {	# BDF DRIVER
	[ -e "/sys/bus/pci/devices/$1/driver" ] &&
		echo "$1" >"/sys/bus/pci/devices/$1/driver/unbind"
	echo "$2" >"/sys/bus/pci/devices/$1/driver_override" &&
		echo "$1" >/sys/bus/pci/drivers_probe &&
		wait_until 10 "test -n \"\$(netdev_of_pci $1)\""
}

use_driver() {	# DRIVER: VF0 on it, addressed, up, reaching the peer
	bind_to "$VF0_BDF" "$1" || return 1
	VF0=$(netdev_of_pci "$VF0_BDF")
	$IP addr add 192.168.77.1/24 dev "$VF0" && $IP link set "$VF0" up &&
		wait_until 20 "ping -c 1 -W 1 $PEER"
}

# The sums are checked after the clocks stop: the guest's sha256sum of
# 64 MiB is work of neither driver.
measure_tcp() {	# DRIVER ROUND
	local m0 m1 p0 p1 rx_busy tx_busy busy tx_bytes out got segments fetch
	p0=$(tcp_segments) m0=$(mark)
	wget -q -O /tmp/got "http://$PEER:7000/blob" || return 1
	m1=$(mark) p1=$(tcp_segments)
	got=$(wc -c </tmp/got)
	rx_busy=$(busy_us "$m0" "$m1") || return 1
	segments=$((p1 - p0))
	[ "$(sha256sum </tmp/got | cut -d' ' -f1)" = "$PEER_BLOB_SHA256" ] || {
		echo "the blob from the peer arrived damaged"
		return 1
	}
	rm -f /tmp/got
	# Transmit figures move more from one transfer to the next than
	# receive ones (the ACKs' batching follows the host's timing): the
	# peer fetches TX_FETCHES times a round and the figure is their sum.
	tx_busy=0 tx_bytes=0
	for fetch in $(seq $TX_FETCHES); do
		p0=$(tcp_segments) m0=$(mark)
		out=$(peer_ask /fetch/8080/blob) || return 1
		m1=$(mark) p1=$(tcp_segments)
		busy=$(busy_us "$m0" "$m1") || return 1
		tx_busy=$((tx_busy + busy))
		segments=$((segments + p1 - p0))
		[ "$(field sha256 "$out")" = "$BLOB_SHA256" ] || {
			echo "the peer's fetch $fetch arrived damaged: $out"
			return 1
		}
		tx_bytes=$((tx_bytes + $(field bytes "$out")))
	done
	metric "tcp_rx_mbps_$1_r$2" "$(mbps "$got" "$rx_busy")"
	metric "tcp_tx_mbps_$1_r$2" "$(mbps "$tx_bytes" "$tx_busy")"
	metric "cpu_us_per_packet_$1_r$2" "$(awk -v b=$((rx_busy + tx_busy)) -v p=$segments 'BEGIN { printf "%.3f", b / p }')"
}

measure_udp_tx() {	# DRIVER ROUND
	local out flood m0 m1 busy
	peer_ask /udp-reset >/dev/null || return 1
	m0=$(mark)
	flood=$(udpseq flood $PEER 6000 $UDP_TX_COUNT) || return 1
	m1=$(mark)
	[ "$(field unsent_bytes "$flood")" = 0 ] || {
		echo "the driver did not send the whole flood: $flood"
		return 1
	}
	# Every frame has left the driver; the count stops growing once the
	# last ones are through QEMU and the peer's socket.
	wait_until 10 '[ "$(peer_ask /udp-count)" = "$(peer_ask /udp-count)" ]' || return 1
	out=$(peer_ask /udp-count) || return 1
	xvf_kmsg "$1 udp tx: $flood; peer: $out; marks $m0 .. $m1"
	busy=$(busy_us "$m0" "$m1") || return 1
	metric "udp64_tx_pps_$1_r$2" "$(per_busy_second "$(field received "$out")" "$busy")"
}

measure_udp_rx() {	# DRIVER ROUND
	local out received rpid m0 m1 d0 d1 busy
	udpseq recv 6001 >/tmp/udp.out &
	rpid=$!
	wait_until 10 "netstat -lun | grep -q :6001" || return 1
	d0=$(udp_datagrams) m0=$(mark)
	out=$(peer_ask /flood/6001/$UDP_RX_RATE/$UDP_RX_SECONDS) || return 1
	m1=$(mark) d1=$(udp_datagrams)
	kill -TERM $rpid
	wait $rpid
	received=$(sed -n 's/.*received=\([0-9]*\).*/\1/p' /tmp/udp.out | tail -n1)
	xvf_kmsg "$1 udp rx: offered $out; stack $((d1 - d0)), socket $received; marks $m0 .. $m1"
	[ -n "$received" ] && [ "$received" -gt 0 ] || return 1
	busy=$(busy_us "$m0" "$m1") || return 1
	metric "udp64_rx_pps_$1_r$2" "$(per_busy_second $((d1 - d0)) "$busy")"
}

# ixgbe/rss-bench (BENCH_RSS): xvf alone on VF0, two vCPUs, RSS_FLOWS
# TCP transfers from the peer at once, with one queue pair and with two
# (ethtool -L), the order alternating by round:
#   rss_tcp_rx_mbps_q<N>_rN  megabits per second of the guest's clock
#                           (no -icount here: two vCPUs run side by side)
#                           from the first request to the last byte
# A run where two pairs left a queue with under a tenth of the frames
# measured no spreading and fails.
RSS_FLOWS=16
PEER_BLOB_BYTES=$(xvf_cmdline_arg xvft.peer_blob_bytes)

# rx_per_queue NETDEV: each RX queue's packet count, in queue order.
rx_per_queue() {
	$ETHTOOL -S "$1" | awk '/^ *rx_queue_[0-9]+_packets:/ { print $2 }'
}

# rss_spread BEFORE AFTER: the smallest queue's share of the frames
# between two rx_per_queue listings, in percent.
rss_spread() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		n = split(a, x, "\n"); split(b, y, "\n")
		for (i = 1; i <= n; i++) { d[i] = y[i] - x[i]; t += d[i] }
		m = t
		for (i = 1; i <= n; i++) if (d[i] < m) m = d[i]
		printf "%d", t ? 100 * m / t : 0 }'
}

measure_rss_rx() {	# PAIRS ROUND
	local t0 t1 pids='' p before after share failed=0
	$ETHTOOL -L "$VF0" combined "$1" &&
		wait_until 20 "ping -c 1 -W 1 $PEER" || return 1
	before=$(rx_per_queue "$VF0")
	t0=$(udpseq now)
	for p in $(seq $RSS_FLOWS); do
		wget -q -O /dev/null "http://$PEER:7000/blob" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || failed=$((failed + 1)); done
	t1=$(udpseq now)
	after=$(rx_per_queue "$VF0")
	[ $failed = 0 ] || { echo "$failed of $RSS_FLOWS transfers failed"; return 1; }
	if [ "$1" -gt 1 ]; then
		share=$(rss_spread "$before" "$after")
		metric "rss_smallest_queue_percent_r$2" "$share"
		[ "$share" -ge 10 ] || { echo "RSS left a queue $share % of the frames"; return 1; }
	fi
	metric "rss_tcp_rx_mbps_q$1_r$2" "$(awk -v b=$((RSS_FLOWS * PEER_BLOB_BYTES)) -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", b * 8 / (t1 - t0) / 1e6 }')"
}

rss_rounds() {
	local round order q
	check rss-blob-size-named "the host named no size for its blob" test -n "$PEER_BLOB_BYTES" || return
	check rss-xvf-up "VF0 on xvf did not reach the peer" use_driver xvf || return
	# (A check runs in a subshell: use_driver's VF0 is not set here.)
	VF0=$(netdev_of_pci "$VF0_BDF")
	check rss-two-pairs "xvf did not offer two queue pairs" eval \
		"[ \"\$($ETHTOOL -l $VF0 | awk '/^Combined:/ { print \$2; exit }')\" -ge 2 ]" || return
	for round in $(seq "$ROUNDS"); do
		order="1 2"
		[ $((round % 2)) = 0 ] && order="2 1"
		for q in $order; do
			check "round-$round-rss-q$q" "$RSS_FLOWS transfers over $q queue pair(s) failed" \
				measure_rss_rx "$q" "$round"
		done
	done
}
if [ -n "${BENCH_RSS:-}" ]; then
	rss_rounds
	return
fi

# reversed WORDS...: the words last to first.
reversed() {
	local out= w
	for w in "$@"; do out="$w${out:+ $out}"; done
	echo "$out"
}
for round in $(seq "$ROUNDS"); do
	order=$BENCH_DRIVERS
	# shellcheck disable=SC2086 # a list of words
	[ $((round % 2)) = 0 ] && order=$(reversed $BENCH_DRIVERS)
	for drv in $order; do
		check "round-$round-$drv-up" "VF0 on $drv did not reach the peer" use_driver $drv || return
		check "round-$round-$drv-tcp" "a TCP transfer on $drv failed or arrived damaged" \
			measure_tcp $drv $round
		check "round-$round-$drv-udp-tx" "the UDP flood from $drv was not measured" \
			measure_udp_tx $drv $round
		check "round-$round-$drv-udp-rx" "the UDP flood to $drv was not measured" \
			measure_udp_rx $drv $round
	done
done
