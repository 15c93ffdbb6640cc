#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Boot the test VM under QEMU (TCG), run one scenario, and print one line
# per test case:  PASS|FAIL|SKIP <tier>/<scenario>/<case> [reason]
#
#   run.sh [options] KERNEL_IMAGE INITRD SCENARIO
#     --tier NAME        prefix of the case names (default: vm)
#     --timeout SECONDS  whole-boot bound; a hung guest fails (default: 600)
#     --logdir DIR       where the console and result logs go (default: .)
#     --append ARGS      extra kernel command line
#     --disk FILE        a raw disk image on virtio-blk (writes go to a
#                        temporary overlay, FILE stays as it was)
#     --verbose          show the guest console while it runs
#
# The guest reports on its second serial port, which QEMU hands to this
# script's pipe; the kernel console goes to DIR/<scenario>.console.log.
# Any KASAN, lockdep, UBSAN, kmemleak, WARN, BUG or oops report in the
# console fails the case it happened in (the guest marks case starts in the
# kernel log), or the boot case if it came outside any case.
#
# For experiments: XVF_QEMU_SMP (vCPUs, default 2), XVF_QEMU_IOMMU (Xen
# tier: intel, amd, none), XVF_QEMU_EXTRA (more QEMU arguments, split at
# spaces: "-s" for gdb, "-d in_asm -D FILE" for QEMU's log, as
# tests/xen/hvm-probe.sh uses).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tier=vm timeout=600 logdir=. append="" verbose=0 disk=
while [ $# -gt 3 ]; do
	case "$1" in
	--tier) tier=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--logdir) logdir=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--disk) disk=$2; shift 2 ;;
	--verbose) verbose=1; shift ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ $# -eq 3 ] || { sed -n '4,14p' "$0" >&2; exit 2; }
kernel=$1 initrd=$2 scenario=$3
# A scenario is TIER/NAME: tests/scenarios/TIER/NAME.sh; its cases are
# reported as <--tier>/NAME/<case>.
script=$here/../scenarios/$scenario.sh
[ -f "$script" ] || { echo "run.sh: no scenario $scenario (TIER/NAME under tests/scenarios)" >&2; exit 2; }
name=${scenario##*/}

mkdir -p "$logdir"
console=$logdir/$name.console.log
results=$logdir/$name.results.log
: >"$console"

# The scenario's first lines say which NIC topology it needs.
net=$(sed -n 's/^# qemu-net: *//p' "$script" | head -n1)
case "${net:-none}" in
none) netargs=(-nic none) ;;
igb-user)
	# restrict=on: nothing leaves for the outside world; the igb sits
	# behind a PCIe root port so its VF BARs land below 4 GiB.
	netargs=(-netdev user,id=n0,restrict=on,net=10.0.2.0/24
		-device pcie-root-port,id=rp1,slot=1,chassis=1
		-device igb,netdev=n0,bus=rp1) ;;
igb-hub-virtio | x82599-hub-virtio)
	# Two paths to one segment, the plain-VM stand-in for Xen's VF and
	# netfront: a QEMU hub joins the NIC (QEMU's igb, or the 82599
	# model) and a virtio-net NIC that has VF0's MAC
	# (02:58:56:46:00:01); nothing else is on the hub.
	netargs=(-netdev hubport,id=p1,hubid=0 -netdev hubport,id=p2,hubid=0
		-device pcie-root-port,id=rp1,slot=1,chassis=1
		-device "${net%-hub-virtio},netdev=p1,bus=rp1"
		-device pcie-root-port,id=rp2,slot=2,chassis=2
		-device virtio-net-pci,netdev=p2,bus=rp2,mac=02:58:56:46:00:01) ;;
igb-tap-peer | x82599-tap-peer)
	# vm/driver-bench, ixgbe/driver-bench: the NIC's wire is a tap in a
	# network namespace of the host's own, where benchpeer (tests/tools)
	# answers at 192.168.77.2: a peer on the host's CPUs and network
	# stack, outside the guest whose driver is measured. Needs root and
	# /dev/net/tun (make bench only). Set up below, before QEMU starts in it.
	peer_ns=xvfpeer-$$
	netargs=(-netdev tap,id=n0,ifname=peer0,script=no,downscript=no
		-device pcie-root-port,id=rp1,slot=1,chassis=1
		-device "${net%-tap-peer},netdev=n0,bus=rp1") ;;
x82599-user)
	# The test model of the 82599 (tests/qemu/ixgbe), behind a root port
	# like the igb; its wire is QEMU's user network, restricted. Behind
	# it, "outside": each TCP connection to 10.0.2.100:8080 runs busybox
	# httpd in inetd mode on this host, serving a 4 MiB blob whose SHA-256
	# the guest gets on its command line (outside_start below).
	outside=$logdir/$name.outside
	netargs=(-netdev "user,id=n0,restrict=on,net=10.0.2.0/24,guestfwd=tcp:10.0.2.100:8080-cmd:/bin/busybox httpd -i -h $outside"
		-device pcie-root-port,id=rp1,slot=1,chassis=1
		-device x82599,netdev=n0,bus=rp1,mac=52:54:00:82:59:90) ;;
*) echo "run.sh: $scenario wants unknown qemu-net '$net'" >&2; exit 2 ;;
esac
# The QEMU to run: the one the scenario names ("# qemu-build: x82599", the
# tree's build with the 82599 model, tests/qemu/build.sh), else the system's.
# XVF_QEMU names another binary (experiments: a QEMU tree being worked on).
qemu_bin=qemu-system-x86_64
firmware=()
case "$(sed -n 's/^# qemu-build: *//p' "$script" | head -n1)" in
"") ;;
x82599) [ -n "${XVF_QEMU:-}" ] || qemu_bin=$("$here/../qemu/build.sh") ||
	{ echo "run.sh: no QEMU with the 82599 model (tests/qemu/build.sh)" >&2; exit 2; }
	# Its firmware is the installed packages' (SeaBIOS, iPXE's ROMs).
	firmware=(-L /usr/share/seabios -L /usr/share/qemu -L /usr/lib/ipxe/qemu) ;;
*) echo "run.sh: $scenario wants an unknown QEMU build" >&2; exit 2 ;;
esac
qemu_bin=${XVF_QEMU:-$qemu_bin}
# The 82599 model says which registers it keeps as plain storage, once
# each, what crossed the mailboxes, the resets and each change of the
# RSS state (when a pool's spreading changed): its trace, beside the
# console log, each line stamped with the host's clock. Per-frame
# events (x82599_rx_rss, x82599_rx_pool) through XVF_QEMU_EXTRA.
model_trace=()
grep -q '^# qemu-build: x82599' "$script" &&
	model_trace=(-msg timestamp=on -trace 'x82599_stored_only'
		-trace 'x82599_vf_unknown' -trace 'x82599_tx_no_context'
		-trace 'x82599_mbx_*' -trace 'x82599_*reset' -trace 'x82599_rss_reg'
		-trace 'x82599_vf_psrtype' -D "$logdir/$name.model-trace.log")

# ...how long it may take, if longer than the tier's bound...
own_timeout=$(sed -n 's/^# timeout: *//p' "$script" | head -n1)
[ -n "$own_timeout" ] && [ "$own_timeout" -gt "$timeout" ] && timeout=$own_timeout

# ...and which kernel arguments beyond the harness's own.
scenario_args=$(sed -n 's/^# kernel-args: *//p' "$script" | head -n1)
kargs="loglevel=5 panic=-1 oops=panic $scenario_args xvft.scenario=$scenario $append"
# peer_start: igb-tap-peer's namespace, its tap at 192.168.77.2 and
# benchpeer serving a 64 MiB blob (its SHA-256 on the guest's command
# line); QEMU runs inside the namespace. Undone on exit.
peer_pid=
peer_stop() {
	[ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null
	ip netns del "$peer_ns" 2>/dev/null || true
	rm -f "$logdir/$name.peer-blob"
}
peer_start() {
	local tools=${XVF_BUILD:-$here/../../build}/host-tools blob
	make -s -C "$here/../tools" O="$tools" "$tools/benchpeer" >&2 || return 1
	blob=$logdir/$name.peer-blob
	head -c $((64 << 20)) /dev/urandom >"$blob"
	trap peer_stop EXIT
	ip netns add "$peer_ns" &&
		ip -n "$peer_ns" tuntap add dev peer0 mode tap &&
		ip -n "$peer_ns" addr add 192.168.77.2/24 dev peer0 &&
		ip -n "$peer_ns" link set peer0 up &&
		ip -n "$peer_ns" link set lo up || return 1
	ip netns exec "$peer_ns" "$tools/benchpeer" 192.168.77.2 "$blob" \
		>"$logdir/$name.peer.log" 2>&1 &
	peer_pid=$!
	kargs="$kargs xvft.peer_blob_sha256=$(sha256sum <"$blob" | cut -d' ' -f1)"
	kargs="$kargs xvft.peer_blob_bytes=$(stat -c %s "$blob")"
}
outside_start() {
	mkdir -p "$outside" &&
		head -c $((4 << 20)) /dev/urandom >"$outside/blob" || return
	kargs="$kargs xvft.outside_sha256=$(sha256sum <"$outside/blob" | cut -d' ' -f1)"
}
if [ -n "${outside:-}" ]; then
	outside_start || { echo "run.sh: could not make the outside blob for $scenario" >&2; exit 2; }
	trap 'rm -rf "$outside"' EXIT
fi
if [ -n "${peer_ns:-}" ]; then
	peer_start || { echo "run.sh: could not set up the host's peer for $scenario (root and /dev/net/tun needed)" >&2; exit 2; }
fi

xen=
if [ "$(sed -n 's/^# qemu-xen: *//p' "$script" | head -n1)" = yes ]; then
	# Xen from a Debian package (tests/xen/hypervisor.sh says which and
	# why), loaded by QEMU's multiboot loader; the kernel given is dom0's.
	# Xen owns com1 (the console log); dom0 reports on com2 like any test
	# VM. The emulated VT-d is what lets Xen pass a PCI device through to
	# a guest.
	xen=$("$here/../xen/hypervisor.sh")
	# The IOMMU model: a scenario's "# qemu-iommu:" line, or
	# XVF_QEMU_IOMMU for experiments (intel, amd, none).
	iommu=${XVF_QEMU_IOMMU:-$(sed -n 's/^# qemu-iommu: *//p' "$script" | head -n1)}
	case "${iommu:-intel}" in
	# eim=on: Xen drives the APICs in x2APIC mode and writes 32-bit
	# destination IDs into the interrupt-remapping entries. Under TCG
	# QEMU's VT-d defaults to eim=off and then reads the destination
	# from the xAPIC field instead: every interrupt Xen routes to CPU1
	# lands on CPU0, where its vector is unknown ("No irq handler for
	# vector"), and dom0 loses that device's interrupts.
	intel) iommu_dev=(-device intel-iommu,intremap=on,caching-mode=on,eim=on) ;;
	amd) iommu_dev=(-device amd-iommu,intremap=on) ;;
	none) iommu_dev=() ;;
	*) echo "run.sh: unknown IOMMU model '$iommu'" >&2; exit 2 ;;
	esac
	boot=(-m 2048 -kernel "$xen"
		-append "dom0_mem=900M,max:900M dom0_max_vcpus=1 console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot iommu=1,verbose ${XVF_XEN_EXTRA:-}"
		-initrd "$kernel console=hvc0 $kargs,$initrd"
		"${iommu_dev[@]}")
else
	boot=(-m 1024 -kernel "$kernel" -initrd "$initrd"
		-append "console=ttyS0 $kargs")
fi
# The first serial port is the console log. Under Xen it is also Xen's
# console input, on a socket, so a hung run can ask Xen what it is doing.
xen_console_sock=
if [ -n "$xen" ]; then
	xen_console_sock=$(mktemp -u /tmp/xvf-xencon.XXXXXX)
	serial1=(-chardev "socket,id=com1,path=$xen_console_sock,server=on,wait=off,logfile=$console"
		-serial chardev:com1)
else
	serial1=(-serial "file:$console")
fi
# vCPUs: XVF_QEMU_SMP, else the scenario's "# qemu-smp:" line, else 2.
smp=${XVF_QEMU_SMP:-$(sed -n 's/^# qemu-smp: *//p' "$script" | head -n1)}
qemu=("$qemu_bin" "${firmware[@]}" -accel tcg -machine q35,dump-guest-core=off -cpu max -smp "${smp:-2}"
	-display none -monitor none -no-reboot "${boot[@]}"
	"${serial1[@]}" -serial stdio "${netargs[@]}" "${model_trace[@]}")
# A scenario's "# qemu-icount: SHIFT": the guest's clock counts its
# instructions (2^SHIFT ns each) while the vCPU runs, and follows the host's
# while it idles, so what the guest times does not move with the host's load
# (vm/driver-bench).
icount=$(sed -n 's/^# qemu-icount: *//p' "$script" | head -n1)
[ -n "$icount" ] && qemu+=(-icount "shift=$icount,sleep=on")
[ -n "$disk" ] && qemu+=(-drive "file=$disk,if=virtio,format=raw,snapshot=on")
if [ -n "${XVF_QEMU_EXTRA:-}" ]; then
	# shellcheck disable=SC2206 # split at spaces on purpose
	qemu+=($XVF_QEMU_EXTRA)
fi
[ -n "${peer_ns:-}" ] && qemu=(ip netns exec "$peer_ns" "${qemu[@]}")

# xen_dump_on_hang: shortly before the timeout kills a Xen run, switch
# Xen's console input to Xen (CTRL-a three times) and press its debug keys:
# d (each CPU's registers and stack), q (domains and vCPUs), i (interrupt
# bindings), r (run queues). The answers land in the console log, so a
# hang leaves evidence of where it hung. This is a deadline, not a wait for
# anything: if the run ends first, it is killed unused.
xen_dump_on_hang() {
	sleep $((timeout > 90 ? timeout - 60 : timeout / 2))
	python3 - "$xen_console_sock" <<'PY' 2>/dev/null
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"\x01\x01\x01")
for key in b"dqir":
    time.sleep(3)
    s.sendall(bytes([key]))
time.sleep(5)
PY
}

# Prefix each result line with the seconds since QEMU started.
stamp_lines() {
	local start=$EPOCHREALTIME line
	while IFS= read -r line; do
		line=${line%$'\r'}
		printf '%s %s\n' "$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')" "$line"
	done
}

tail_pid=
if [ "$verbose" = 1 ]; then
	tail -n +1 -F "$console" 2>/dev/null &
	tail_pid=$!
fi
dump_pid=
if [ -n "$xen_console_sock" ]; then
	xen_dump_on_hang &
	dump_pid=$!
fi
# qemu_crash_report: QEMU died of a signal (the 82599 model is ours): the
# core it left (core dumps on in its shell only, guest RAM left out) gives
# every thread's backtrace to the console log, where a failure report
# shows it; then the core goes.
qemu_crash_report() {
	local core what exe
	for core in core core.[0-9]*; do
		[ -f "$core" ] && [ "$core" -nt "$run_marker" ] || continue
		what=$(file -b "$core")
		case $what in "ELF "*"core file"*) ;; *) continue ;; esac
		# The program that died, as the core names it (XVF_QEMU may
		# be a wrapper that execs it).
		exe=$(sed -n "s/.*execfn: '\([^']*\)'.*/\1/p" <<<"$what")
		{
			echo "----- QEMU exited with status $qemu_rc; backtraces from its core"
			gdb -batch -nx -ex 'thread apply all bt 30' \
				-ex 'echo ----- the thread that died:\n' -ex 'bt 12' \
				"${exe:-$qemu_bin}" "$core" 2>&1 |
				grep -E '^(Thread|#|-----)' | tail -n 150
			echo "----- end of QEMU backtraces"
		} >>"$console"
		rm -f "$core"
	done
}
run_marker=$(mktemp /tmp/xvf-run.XXXXXX)
set +e
(
	ulimit -c unlimited
	timeout -k 10 "$timeout" "${qemu[@]}" </dev/null
) | stamp_lines >"$results"
qemu_rc=${PIPESTATUS[0]}
set -e
case "$qemu_rc" in
134 | 135 | 136 | 139) qemu_crash_report ;;
esac
rm -f "$run_marker"
[ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
if [ -n "$dump_pid" ]; then
	pkill -P "$dump_pid" 2>/dev/null || true
	kill "$dump_pid" 2>/dev/null || true
	wait "$dump_pid" 2>/dev/null || true
	rm -f "$xen_console_sock"
fi

awk -v tier="$tier" -v scenario="$name" -v qemu_rc="$qemu_rc" \
	-v timeout="$timeout" -v console="$console" \
	-v report_re="$(cat "$here/guest/kernel-report.re")" \
	-f "$here/parse-results.awk" "$console" "$results"
