# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-user
# qemu-build: x82599
# kernel-args: loglevel=7 ixgbe.dyndbg=+p
# timeout: 600
#
# The test model of the Intel 82599 (tests/qemu/ixgbe) against drivers
# nobody here wrote: the Debian kernel's own ixgbe (PF) and ixgbevf (VF).
# The PF probes (EEPROM, semaphores, reset, link), gives out two VFs with
# MACs (and one a VLAN), ixgbevf binds both over the mailbox; then traffic
# through the model's switch (VF<->PF, VF<->VF) and to its wire (QEMU's
# user network: ping, and an HTTP download from a server QEMU runs for
# each connection, guestfwd), checked by SHA-256; counters on both
# drivers; ixgbevf rebound, a PF reset and VF removal under traffic.

PF_MAC=52:54:00:82:59:90
VF0_MAC=02:58:56:82:59:01
VF1_MAC=02:58:56:82:59:02
PF_ADDR=192.168.82.1
VF0_ADDR=192.168.82.2
VF1_ADDR=192.168.82.3
VF0_WIRE_ADDR=10.0.2.15/24
PF_WIRE_ADDR=10.0.2.16/24
GATEWAY=10.0.2.2
# run.sh's guestfwd: each connection to this address runs busybox httpd
# in inetd mode on the host, serving a blob whose SHA-256 is on our
# command line.
OUTSIDE=10.0.2.100
OUTSIDE_SHA=$(xvf_cmdline_arg xvft.outside_sha256)
VLAN=100
NS0="$IP netns exec vf0"
NS1="$IP netns exec vf1"

pf_probed() {
	PF_BDF=$(pci_find 8086:10f7) &&
		wait_until 20 'test -n "$(netdev_of_pci $PF_BDF)"'
}
check load-ixgbe "modprobe ixgbe failed" modprobe ixgbe || return
check pf-probed "ixgbe did not probe the model's PF" pf_probed || { dmesg | tail -n 30; return; }
PF_BDF=$(pci_find 8086:10f7)
PF=$(netdev_of_pci "$PF_BDF")
PF_SYS=/sys/bus/pci/devices/$PF_BDF
check pf-mac-from-eeprom "the PF's MAC is not the model's" \
	test "$(cat /sys/class/net/$PF/address)" = $PF_MAC
check pf-up "the PF would not come up" $IP link set "$PF" up
check pf-link-10g "no 10 Gb/s link on the PF" \
	wait_until 20 "[ \"\$(cat /sys/class/net/$PF/speed)\" = 10000 ] && [ \"\$(cat /sys/class/net/$PF/carrier)\" = 1 ]"
$IP addr add $PF_ADDR/24 dev "$PF"

# ---- VFs --------------------------------------------------------------
echo 0 >"$PF_SYS/sriov_drivers_autoprobe"
check vfs-created "sriov_numvfs=2 gave no VFs" eval \
	"echo 2 >$PF_SYS/sriov_numvfs && [ -e $PF_SYS/virtfn1 ] &&
	 [ \"\$(cat $PF_SYS/virtfn0/device)\" = 0x10ed ]"
check vf-macs-set "ip link set vf N mac failed" eval \
	"$IP link set $PF vf 0 mac $VF0_MAC && $IP link set $PF vf 1 mac $VF1_MAC"
VF0_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
VF1_BDF=$(basename "$(readlink "$PF_SYS/virtfn1")")
modprobe ixgbevf
ixgbevf_bound() {	# BDF
	echo ixgbevf >"/sys/bus/pci/devices/$1/driver_override" &&
		echo "$1" >/sys/bus/pci/drivers_probe &&
		wait_until 20 "test -n \"\$(netdev_of_pci $1)\""
}
check ixgbevf-binds "ixgbevf did not bind both VFs" \
	eval "ixgbevf_bound $VF0_BDF && ixgbevf_bound $VF1_BDF" || { dmesg | tail -n 30; return; }
VF0=$(netdev_of_pci "$VF0_BDF")
VF1=$(netdev_of_pci "$VF1_BDF")
check vf-mac-from-pf "the VFs did not get the MACs the PF set" eval \
	"[ \"\$(cat /sys/class/net/$VF0/address)\" = $VF0_MAC ] &&
	 [ \"\$(cat /sys/class/net/$VF1/address)\" = $VF1_MAC ]"
# The mailbox API: ixgbevf asks for the newest it knows and steps down at
# each refusal, which ixgbe logs (debug); the first one not refused is
# the one in use.
api_refused=$(dmesg | sed -n 's/.*requested unsupported api version \([0-9]*\).*/\1/p' | sort -un | tr '\n' ' ')
echo "ixgbe refused API enum values: ${api_refused:-none}"

# Each VF in a namespace of its own, so traffic between them and the PF
# crosses the model's switch rather than the kernel's loopback.
vf_into_ns() {	# NETDEV NS ADDR
	$IP netns add "$2" && $IP link set "$1" netns "$2" &&
		$IP -n "$2" addr add "$3/24" dev "$1" &&
		$IP -n "$2" link set "$1" up && $IP -n "$2" link set lo up
}
vf_into_ns "$VF0" vf0 $VF0_ADDR
vf_into_ns "$VF1" vf1 $VF1_ADDR
check vf-carrier "a VF has no carrier" wait_until 20 \
	"[ \$($NS0 cat /sys/class/net/$VF0/carrier) = 1 ] && [ \$($NS1 cat /sys/class/net/$VF1/carrier) = 1 ]"
check vf-link-10g "a VF does not report 10 Gb/s" \
	eval "$NS0 $ETHTOOL $VF0 | grep -q 'Speed: 10000Mb/s'"

# ---- traffic ----------------------------------------------------------
check ping-vf-to-pf "VF0 cannot reach the PF" wait_until 20 "$NS0 ping -c 1 -W 1 $PF_ADDR"
check ping-vf-to-vf "VF0 cannot reach VF1" wait_until 20 "$NS0 ping -c 1 -W 1 $VF1_ADDR"
$NS0 $IP addr add $VF0_WIRE_ADDR dev "$VF0"
check ping-vf-to-wire "VF0 cannot reach QEMU's gateway over the model's wire" \
	wait_until 20 "$NS0 ping -c 1 -W 1 $GATEWAY" || $NS0 $IP neigh show
mkdir -p /tmp/www && dd if=/dev/urandom of=/tmp/www/blob bs=64k count=64 2>/dev/null
BLOB_SHA=$(sha256sum </tmp/www/blob)
httpd -p 8080 -h /tmp/www
$NS0 httpd -p 8080 -h /tmp/www
$NS1 httpd -p 8080 -h /tmp/www
fetched_intact() {	# NETNS-PREFIX URL SHA256
	$1 timeout 120 wget -q -O /tmp/got "$2" && [ "$(sha256sum </tmp/got)" = "$3" ]
}
check tcp-pf-to-vf "4 MiB over TCP from the PF to VF0 did not arrive intact" \
	fetched_intact "$NS0" http://$PF_ADDR:8080/blob "$BLOB_SHA"
check tcp-vf-to-pf "4 MiB over TCP from VF0 to the PF did not arrive intact" \
	fetched_intact "" http://$VF0_ADDR:8080/blob "$BLOB_SHA"
check tcp-vf-to-vf "4 MiB over TCP from VF1 to VF0 did not arrive intact" \
	fetched_intact "$NS0" http://$VF1_ADDR:8080/blob "$BLOB_SHA"
check tcp-vf-to-vf-back "4 MiB over TCP from VF0 to VF1 did not arrive intact" \
	fetched_intact "$NS1" http://$VF0_ADDR:8080/blob "$BLOB_SHA"
check tcp-wire-to-vf "the blob from outside (QEMU's user network) did not arrive intact" \
	fetched_intact "$NS0" http://$OUTSIDE:8080/blob "$OUTSIDE_SHA  -"
rm -f /tmp/got

# ---- counters ---------------------------------------------------------
ethtool_stat() {	# PREFIX NETDEV NAME
	$1 $ETHTOOL -S "$2" | sed -n "s/^ *$3: //p"
}
pf_rx0=$(ethtool_stat "" "$PF" rx_pkts_nic)
pf_tx0=$(ethtool_stat "" "$PF" tx_pkts_nic)
vf_rx0=$(ethtool_stat "$NS0" "$VF0" rx_packets)
vf_tx0=$(ethtool_stat "$NS0" "$VF0" tx_packets)
$NS0 ping -c 10 -i 0.2 -W 1 $PF_ADDR >/dev/null
counters_moved() {
	[ "$(ethtool_stat "" "$PF" rx_pkts_nic)" -ge $((pf_rx0 + 10)) ] &&
	[ "$(ethtool_stat "" "$PF" tx_pkts_nic)" -ge $((pf_tx0 + 10)) ] &&
	[ "$(ethtool_stat "$NS0" "$VF0" rx_packets)" -ge $((vf_rx0 + 10)) ] &&
	[ "$(ethtool_stat "$NS0" "$VF0" tx_packets)" -ge $((vf_tx0 + 10)) ]
}
check ethtool-counters-move "ethtool -S counters did not follow 10 pings" \
	wait_until 10 counters_moved ||
	echo "PF rx $pf_rx0 -> $(ethtool_stat "" "$PF" rx_pkts_nic), tx $pf_tx0 -> $(ethtool_stat "" "$PF" tx_pkts_nic);" \
		"VF0 rx $vf_rx0 -> $(ethtool_stat "$NS0" "$VF0" rx_packets), tx $vf_tx0 -> $(ethtool_stat "$NS0" "$VF0" tx_packets)"

# RSS in the VF's pool: ixgbevf runs two queue pairs (two vCPUs) and
# sets its pool's PSRTYPE.RQPL; the model hashes each frame over the
# fields the PF's MRQC enables and looks the hash up in the PF's RETA.
# 16 TCP connections from VF1 into VF0 must reach both RX queues of VF0
# (each at least 8 frames); the old model put a pool's frames on its
# first queue only.
rx_queues() {	# each RX queue's packets on VF0, one line
	$NS0 $ETHTOOL -S "$VF0" | sed -n 's/^ *rx_queue_\([0-9]*\)_packets: //p' | tr '\n' ' '
}
rss_spreads() {
	local before after q n
	before=$(rx_queues)
	dd if=/dev/urandom of=/tmp/www/small bs=16k count=1 2>/dev/null
	http_gets_spread "$NS1" "$VF0_ADDR" /small
	after=$(rx_queues)
	echo "VF0's RX queues: $before -> $after"
	n=$(echo $after | wc -w)
	[ "$n" -ge 2 ] || return 1
	for q in $(seq 1 "$n"); do
		[ $(( $(echo $after | cut -d' ' -f$q) - $(echo $before | cut -d' ' -f$q) )) -ge 8 ] ||
			return 1
	done
}
check rss-spreads-tcp-flows "16 TCP connections into VF0 did not reach each of its RX queues" \
	rss_spreads

# Multicast from the PF to a VF through the switch: the multicast table
# and the pools that accept what it hashes (VMOLR.ROMPE), both set by ixgbe
# from the list ixgbevf sends over the mailbox. VF0 is in ff02::1 (IPv6).
vf_multicast() { ethtool_stat "$NS0" "$VF0" multicast; }
pf_ipv6_ready() {
	$IP -6 addr show dev "$PF" scope link | grep -q inet6 &&
		! $IP -6 addr show dev "$PF" | grep -q tentative
}
multicast_reaches_vf() {
	local before
	wait_until 20 pf_ipv6_ready || return
	before=$(vf_multicast)
	ping -6 -c 3 -i 0.2 -I "$PF" ff02::1 >/dev/null
	wait_until 10 "[ \$(vf_multicast) -ge $((before + 3)) ]" ||
		{ echo "VF0 multicast counter $before -> $(vf_multicast)"; return 1; }
}
check multicast-pf-to-vf "VF0 did not receive the PF's pings to ff02::1" \
	multicast_reaches_vf

# ---- VLAN -------------------------------------------------------------
# A port VLAN on VF1: the model tags what it sends and strips what it
# receives; the PF talks to it on a VLAN device.
vlan_path() {
	modprobe 8021q && $IP link set "$PF" vf 1 vlan $VLAN &&
		$IP link add link "$PF" name "$PF.$VLAN" type vlan id $VLAN &&
		$IP addr add 192.168.83.1/24 dev "$PF.$VLAN" && $IP link set "$PF.$VLAN" up &&
		$NS1 $IP addr add 192.168.83.3/24 dev "$VF1" &&
		wait_until 20 "$NS1 ping -c 1 -W 1 192.168.83.1"
}
check vf-port-vlan "VF1 on port VLAN $VLAN cannot reach the PF's VLAN device" vlan_path
check vf-port-vlan-shown "the PF does not list VF1's VLAN" \
	eval "$IP link show $PF | grep -q 'vf 1 .*vlan $VLAN'"

# ---- rebinding, PF reset, removal --------------------------------------
rebind_cycles() {	# N
	local i
	for i in $(seq "$1"); do
		echo "$VF1_BDF" >/sys/bus/pci/drivers/ixgbevf/unbind &&
			echo "$VF1_BDF" >/sys/bus/pci/drivers_probe &&
			wait_until 20 "test -n \"\$(netdev_of_pci $VF1_BDF)\"" || return
	done
}
$IP link set "$PF" vf 1 vlan 0
check ixgbevf-rebind-20 "ixgbevf did not come back in 20 unbind/bind cycles" \
	rebind_cycles "$(repeat 20 100)"
check rebound-vf-carries "VF1 after its rebinds does not reach the PF" eval \
	"VF1=\$(netdev_of_pci $VF1_BDF) && $IP link set \$VF1 netns vf1 &&
	 $NS1 $IP addr add $VF1_ADDR/24 dev \$VF1 && $NS1 $IP link set \$VF1 up &&
	 wait_until 30 '$NS1 ping -c 1 -W 1 $PF_ADDR'"

# PF reset with VF0's pings in flight: ixgbe resets the device and tells
# the VFs; ixgbevf must come back on its own.
$NS0 ping -i 0.2 -W 1 $GATEWAY >/tmp/ping.log 2>&1 &
ping_pid=$!
check pf-reset-recovered "VF0 did not carry traffic again after a PF down/up" eval \
	"$IP link set $PF down && $IP link set $PF up &&
	 wait_until 30 '$NS0 ping -c 1 -W 1 $GATEWAY'"
check pf-mtu-change-recovered "VF0 did not carry traffic again after a PF MTU change" eval \
	"$IP link set $PF mtu 3000 && $IP link set $PF mtu 1500 &&
	 wait_until 30 '$NS0 ping -c 1 -W 1 $GATEWAY'"
kill $ping_pid 2>/dev/null

# VF removal under traffic: a download in flight on VF0.
# Its connection dies with the VF; timeout ends it.
$NS0 timeout 20 wget -q -O /dev/null http://$PF_ADDR:8080/blob &
wget_pid=$!
check vf-removal-under-traffic "sriov_numvfs=0 under traffic failed or left a VF netdev" eval \
	"echo 0 >$PF_SYS/sriov_numvfs &&
	 wait_until 20 '! $NS0 test -e /sys/class/net/$VF0 && [ ! -e $PF_SYS/virtfn0 ]'"
wait $wget_pid 2>/dev/null
$IP addr add $PF_WIRE_ADDR dev "$PF"
check pf-after-removal "the PF does not carry traffic after its VFs left" \
	wait_until 20 "ping -c 1 -W 1 $GATEWAY"
dmesg | grep -iE "ixgbe|ixgbevf" | tail -n 20
