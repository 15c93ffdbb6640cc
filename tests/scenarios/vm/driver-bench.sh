# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-tap-peer
# qemu-smp: 1
# timeout: 1800
#
# make bench only: xvf against the in-tree igbvf on the same VF in the same
# boot. The peer is not in this guest: it is benchpeer (tests/tools) on the
# host's own CPUs and network stack, at the other end of the igb's wire (a
# tap, tests/vm/run.sh), so it costs the guest nothing and is the same for
# both drivers. The guest has one vCPU; QEMU's I/O thread and the peer
# have the host's other core. VF0 alternates between the two drivers,
# ROUNDS rounds, each round both drivers, the first of the pair alternating
# (igbvf first in odd rounds, xvf in even ones) so a drift of the machine
# weighs on both alike. Each direction is measured with the other side
# fixed, and each metric carries its round, _r<N>, so the host pairs a
# round's two drivers into one ratio:
#   tcp_rx_mbps_<drv>_rN    64 MiB from the peer (wget), content checked;
#                           megabits per second as the guest saw them
#   tcp_tx_mbps_<drv>_rN    64 MiB to the peer (it fetches from the guest's
#                           httpd), content checked; timed by the peer
#   cpu_us_per_packet_<drv>_rN  the guest's busy CPU time during those two
#                           transfers per TCP segment VF0 sent or received
#   udp64_tx_pps_<drv>_rN   64-byte UDP frames from VF0 (udpseq flood) that
#                           reached the peer, per second of their arrival
#   udp64_rx_pps_<drv>_rN   64-byte frames the peer offered at UDP_RX_RATE a
#                           second for UDP_RX_SECONDS that the guest's
#                           socket received, per second of the offer
# The host turns them into medians and per-round xvf/igbvf ratios.

ROUNDS=$(xvf_cmdline_arg xvft.rounds)
ROUNDS=${ROUNDS:-12}
PEER=192.168.77.2
PEER_BLOB_SHA256=$(xvf_cmdline_arg xvft.peer_blob_sha256)
# 64 MiB a transfer: a second or more at these rates, so that the
# guest's clock (10 ms steps) and the start-up weigh little.
BLOB_MIB=64
UDP_TX_COUNT=100000
UDP_RX_RATE=100000
UDP_RX_SECONDS=3

uptime_exact() { cut -d' ' -f1 /proc/uptime; }
# TCP segments in and out, as the stack counts them: exact at once, where
# the drivers' ip -s link figures come from hardware counters read every
# second or two.
tcp_segments() {
	awk '/^Tcp: [0-9]/{ print $11 + $12 }' /proc/net/snmp
}
cpu_busy_jiffies() {	# user..steal, without idle and iowait
	awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
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

igb_pf_ready || return
check vf-ready "could not enable a VF with its MAC" eval \
	"echo 1 > $PF_SYS/sriov_numvfs && test -e $PF_SYS/virtfn0 &&
	 $IP link set $PF vf 0 mac 02:58:56:46:00:01" || return
VF0_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
check load-drivers "modprobe igbvf/xvf failed" eval "modprobe igbvf && modprobe xvf" || return
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

measure_tcp() {	# DRIVER ROUND
	local t0 tm c0 c1 p0 p1 out bytes secs got
	p0=$(tcp_segments) c0=$(cpu_busy_jiffies) t0=$(uptime_exact)
	wget -q -O /tmp/got "http://$PEER:7000/blob" || return 1
	tm=$(uptime_exact)
	[ "$(sha256sum </tmp/got | cut -d' ' -f1)" = "$PEER_BLOB_SHA256" ] || {
		echo "the blob from the peer arrived damaged"
		return 1
	}
	got=$(wc -c </tmp/got)
	rm -f /tmp/got
	out=$(peer_ask /fetch/8080/blob) || return 1
	c1=$(cpu_busy_jiffies) p1=$(tcp_segments)
	[ "$(field sha256 "$out")" = "$BLOB_SHA256" ] || {
		echo "the peer's fetch arrived damaged: $out"
		return 1
	}
	bytes=$(field bytes "$out") secs=$(field seconds "$out")
	metric "tcp_rx_mbps_$1_r$2" "$(awk -v b=$got -v t0=$t0 -v t1=$tm 'BEGIN { printf "%.1f", b * 8 / (t1 - t0) / 1e6 }')"
	metric "tcp_tx_mbps_$1_r$2" "$(awk -v b=$bytes -v s=$secs 'BEGIN { printf "%.1f", b * 8 / s / 1e6 }')"
	# USER_HZ is 100: a jiffy is 10 ms.
	metric "cpu_us_per_packet_$1_r$2" "$(awk -v c=$((c1 - c0)) -v p=$((p1 - p0)) 'BEGIN { printf "%.2f", c * 10000 / p }')"
}

measure_udp_tx() {	# DRIVER ROUND
	local out
	peer_ask /udp-reset >/dev/null || return 1
	udpseq flood $PEER 6000 $UDP_TX_COUNT >/dev/null || return 1
	# The flood has left the socket; what is still in the rings reaches
	# the peer before the count stops growing.
	wait_until 10 '[ "$(peer_ask /udp-count)" = "$(peer_ask /udp-count)" ]' || return 1
	out=$(peer_ask /udp-count) || return 1
	xvf_kmsg "$1 udp tx: $out"
	metric "udp64_tx_pps_$1_r$2" "$(awk -v r="$(field received "$out")" -v s="$(field seconds "$out")" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')"
}

measure_udp_rx() {	# DRIVER ROUND
	local out received rpid
	udpseq recv 6001 >/tmp/udp.out &
	rpid=$!
	wait_until 10 "netstat -lun | grep -q :6001" || return 1
	out=$(peer_ask /flood/6001/$UDP_RX_RATE/$UDP_RX_SECONDS) || return 1
	kill -TERM $rpid
	wait $rpid
	received=$(sed -n 's/.*received=\([0-9]*\).*/\1/p' /tmp/udp.out | tail -n1)
	xvf_kmsg "$1 udp rx: offered $out received=$received $($IP -s link show "$VF0" | tr -s ' \n' ' ')"
	[ -n "$received" ] || return 1
	metric "udp64_rx_pps_$1_r$2" "$(awk -v r=$received -v s="$(field seconds "$out")" 'BEGIN { printf "%.0f", r / s }')"
}

for round in $(seq "$ROUNDS"); do
	order="igbvf xvf"
	[ $((round % 2)) = 0 ] && order="xvf igbvf"
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
