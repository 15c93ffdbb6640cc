# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
#
# make bench only: xvf against the in-tree igbvf on the same VF in the same
# boot. VF1, driven by igbvf in its own network namespace, is the fixed
# peer; VF0 alternates between igbvf and xvf, ROUNDS times each, and every
# run measures, through the 82576's internal switch:
#   tcp_mbps_<drv>          16 MiB each way over HTTP (busybox httpd and
#                           wget), content checked; megabits per second
#   cpu_us_per_packet_<drv> the guest's busy CPU time during those
#                           transfers per TCP segment VF0 sent or received
#   udp64_pps_<drv>         64-byte UDP frames from VF0 (udpseq flood) that
#                           reached the peer, per second of the flood
#   udp64_sent_pps_<drv>    the flood's frames per second taken by the driver
#                           that the peer received, per second of sending
# The host turns the samples into medians and xvf/igbvf ratios.

ROUNDS=$(xvf_cmdline_arg xvft.rounds)
ROUNDS=${ROUNDS:-5}
UDP_COUNT=100000

uptime_exact() { cut -d' ' -f1 /proc/uptime; }
# TCP segments in and out of this namespace (VF0's side), as the stack
# counts them: exact at once, where the drivers' ip -s link figures come
# from hardware counters read every second or two.
tcp_segments() {
	awk '/^Tcp: [0-9]/{ print $11 + $12 }' /proc/net/snmp
}
cpu_busy_jiffies() {	# all CPUs: user..steal, without idle and iowait
	awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

igb_pf_ready || return
check vfs-ready "could not enable two VFs with MACs" eval \
	"echo 2 > $PF_SYS/sriov_numvfs && test -e $PF_SYS/virtfn1 &&
	 $IP link set $PF vf 0 mac 02:58:56:46:00:01 && $IP link set $PF vf 1 mac 02:58:56:46:00:02" || return
VF0_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
VF1_BDF=$(basename "$(readlink "$PF_SYS/virtfn1")")
check load-drivers "modprobe igbvf/xvf failed" eval "modprobe igbvf && modprobe xvf" || return

bind_to() {	# BDF DRIVER
	[ -e "/sys/bus/pci/devices/$1/driver" ] &&
		echo "$1" >"/sys/bus/pci/devices/$1/driver/unbind"
	echo "$2" >"/sys/bus/pci/devices/$1/driver_override" &&
		echo "$1" >/sys/bus/pci/drivers_probe &&
		wait_until 10 "test -n \"\$(netdev_of_pci $1)\""
}

check peer-ready "VF1 (igbvf) would not come up in its namespace" eval \
	"bind_to $VF1_BDF igbvf && $IP netns add peer &&
	 $IP link set \$(netdev_of_pci $VF1_BDF) netns peer &&
	 $IP -n peer addr add 192.168.77.2/24 dev \$($IP -n peer -o link show | awk -F': ' '/02:58:56:46:00:02/{print \$2}') &&
	 $IP -n peer link set \$($IP -n peer -o link show | awk -F': ' '/02:58:56:46:00:02/{print \$2}') up" || return
mkdir -p /tmp/www && dd if=/dev/urandom of=/tmp/www/blob bs=64k count=256 2>/dev/null
BLOB_BYTES=$((64 * 1024 * 256))
httpd -p 8080 -h /tmp/www
$IP netns exec peer httpd -p 8080 -h /tmp/www

use_driver() {	# DRIVER: VF0 on it, addressed, up, reaching the peer
	bind_to "$VF0_BDF" "$1" || return 1
	VF0=$(netdev_of_pci "$VF0_BDF")
	$IP addr add 192.168.77.1/24 dev "$VF0" && $IP link set "$VF0" up &&
		wait_until 20 "ping -c 1 -W 1 192.168.77.2"
}

fetch_intact() {	# NETNS-PREFIX URL
	$1 wget -q -O /tmp/got "$2" &&
		[ "$(sha256sum </tmp/www/blob)" = "$(sha256sum </tmp/got)" ]
}

measure_tcp() {	# DRIVER
	local t0 tm t1 c0 c1 p0 p1
	p0=$(tcp_segments)
	c0=$(cpu_busy_jiffies) t0=$(uptime_exact)
	fetch_intact "" http://192.168.77.2:8080/blob || return 1
	tm=$(uptime_exact)
	fetch_intact "$IP netns exec peer" http://192.168.77.1:8080/blob || return 1
	t1=$(uptime_exact) c1=$(cpu_busy_jiffies)
	# For the log: each direction's time and the interrupts it took.
	xvf_kmsg "$1: peer->vf0 $t0..$tm vf0->peer $tm..$t1; $(grep -E "$VF0|xvf|igbvf" /proc/interrupts | tr -s ' ' | tr '\n' '|')"
	p1=$(tcp_segments)
	metric "tcp_mbps_$1" "$(awk -v b=$BLOB_BYTES -v t0=$t0 -v t1=$t1 'BEGIN { printf "%.1f", 2 * b * 8 / (t1 - t0) / 1e6 }')"
	# USER_HZ is 100: a jiffy is 10 ms.
	metric "cpu_us_per_packet_$1" "$(awk -v c=$((c1 - c0)) -v p=$((p1 - p0)) 'BEGIN { printf "%.2f", c * 10000 / p }')"
}

measure_udp() {	# DRIVER
	local out received seconds rpid
	$IP netns exec peer udpseq recv 6000 >/tmp/udp.out &
	rpid=$!
	wait_until 10 "$IP netns exec peer netstat -lun | grep -q :6000" || return 1
	out=$(udpseq flood 192.168.77.2 6000 $UDP_COUNT) || return 1
	kill -TERM $rpid
	wait $rpid
	seconds=$(echo "$out" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
	received=$(sed -n 's/.*received=\([0-9]*\).*/\1/p' /tmp/udp.out | tail -n1)
	# For the log: what was sent, what arrived, what the qdisc dropped.
	xvf_kmsg "$1 udp: $out received=$received $($IP -s link show "$VF0" | tr -s ' \n' ' ') $(cat /proc/net/snmp | awk '/^Udp: [0-9]/ { print "UdpSndbufErrors", $8 }')"
	[ -n "$received" ] && [ -n "$seconds" ] || return 1
	metric "udp64_pps_$1" "$(awk -v r=$received -v s=$seconds 'BEGIN { printf "%.0f", r / s }')"
	# What the driver took from the socket, whatever the peer then kept.
	metric "udp64_sent_pps_$1" "$(awk -v n=$UDP_COUNT -v s=$seconds 'BEGIN { printf "%.0f", n / s }')"
}

for round in $(seq "$ROUNDS"); do
	for drv in igbvf xvf; do
		check "round-$round-$drv-up" "VF0 on $drv did not reach the peer" use_driver $drv || return
		VF0=$(netdev_of_pci "$VF0_BDF")
		check "round-$round-$drv-tcp" "a TCP transfer on $drv failed or arrived damaged" measure_tcp $drv
		# For the log: what the transfers cost in retransmissions.
		echo "$drv: $(awk '/^Tcp: [0-9]/{ print "RetransSegs", $13 }' /proc/net/snmp)" \
			"$($IP -s link show "$VF0" | tr -s ' \n' ' ')"
		check "round-$round-$drv-udp" "the UDP flood on $drv was not measured" measure_udp $drv
	done
done
