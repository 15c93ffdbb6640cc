# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: none
# qemu-xen: yes
# timeout: 900
#
# Xen tier, not part of make check: run by tests/xen/hvm-probe.sh, whose
# dom0 image also carries Debian's device model (qemu-system-xen),
# hvmloader and SeaBIOS. Can a guest in an HVM container boot here? One
# HVM guest and one PVH guest of the stock kernel, and an HVM guest of
# the debug PV kernel (its symbols let the runner name the instruction
# at fault), each with every on_* action "preserve" so a guest that stops
# stays for inspection. Per guest: case GUEST-boots (its PV console
# answers within BOOT_WAIT s), and, if it stopped, the shutdown reason xl
# logged and its CPU time. Today every guest stops within seconds of CPU
# with reason code 0 (poweroff); docs/testing.md, "HVM and PVH guests",
# says why.

. /xvf/xen/lib.sh
BOOT_WAIT=$(xvf_cmdline_arg xvft.boot_wait)
BOOT_WAIT=${BOOT_WAIT:-300}

check xen-toolstack "xenstored/xen-init-dom0/xenconsoled did not start" \
	xen_start_toolstack || return
check xen-bridge "could not create $BRIDGE" xen_bridge_up || return

# probe_config NAME TYPE KERNEL: the guest's xl config. The kernel's own
# serial console goes to a file (HVM: the device model's emulated UART);
# the PV console to xenconsoled's log, as for the PV guest.
probe_config() {
	cat <<CFG
name = "$1"
type = "$2"
kernel = "$3"
ramdisk = "/xvf/guest/initrd.gz"
extra = "console=ttyS0 console=hvc0 earlyprintk=ttyS0,115200 nokaslr loglevel=8 xvft.scenario=xen/serve xvft.results=hvc0 xvft.addr=$GUEST_ADDR/24"
memory = 384
vcpus = 1
on_crash = "preserve"
on_poweroff = "preserve"
on_reboot = "preserve"
vga = "none"
vnc = 0
serial = "file:/tmp/$1-serial.log"
vif = [ 'mac=$GUEST_MAC,bridge=$BRIDGE,script=/etc/xen/scripts/vif-xvf,type=vif' ]
CFG
}

# guest_state NAME: xl list's state column ("r-----", "---s--", ...).
guest_state() { $XL list "$1" 2>/dev/null | awk 'NR == 2 { print $5 }'; }
guest_cpu_s() { $XL list "$1" 2>/dev/null | awk 'NR == 2 { print $6 }'; }

# probe NAME TYPE KERNEL: create the guest, wait until its console shows
# the guest harness (booted) or it stops (shut down), then report.
probe() {
	local t0 state
	probe_config "$1" "$2" "$3" >/tmp/$1.cfg
	t0=$(now)
	check "$1-create" "xl create of the $2 guest failed" \
		sh -c "$XL create /tmp/$1.cfg >/tmp/$1-create.log 2>&1" || {
		cat /tmp/$1-create.log /var/log/xen/qemu-dm-$1.log 2>/dev/null
		return
	}
	wait_until "$BOOT_WAIT" "grep -q 'XVFT' /var/log/xen/console/guest-$1.log 2>/dev/null ||
		guest_state $1 | grep -q s"
	state=$(guest_state "$1")
	echo "probe $1: type $2, state '$state' after $(elapsed_since "$t0") s, CPU $(guest_cpu_s "$1") s"
	grep -h 'shut down, reason code' /var/log/xen/xl-$1.log | sed "s/^/probe $1: /"
	echo "probe $1: its serial console:"
	sed "s/^/probe $1:   /" /tmp/$1-serial.log 2>/dev/null | tail -n 8
	check "$1-boots" "the $2 guest did not boot: state '$state' (s = shut down)" \
		grep -q XVFT /var/log/xen/console/guest-$1.log
	$XL destroy "$1" 2>/dev/null
}

# xvft.probe_guests=hvm+pvh+hvm-debug (the default: all three; not commas,
# which separate the multiboot modules of the Xen tier's QEMU command line).
GUESTS=$(xvf_cmdline_arg xvft.probe_guests)
for g in $(echo "${GUESTS:-hvm+pvh+hvm-debug}" | tr + ' '); do
	case $g in
	hvm) probe hvm hvm /xvf/guest/vmlinuz ;;
	pvh) probe pvh pvh /xvf/guest/vmlinuz ;;
	hvm-debug) probe hvm-debug hvm /xvf/guest/vmlinuz-debug ;;
	esac
done
