# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-user
# qemu-build: x82599
# kernel-args: loglevel=7 ixgbe.dyndbg=+p
#
# The test model of the Intel 82599 (tests/qemu/ixgbe) against drivers
# nobody here wrote: the Debian kernel's own ixgbe (PF) and ixgbevf (VF).
# This part: the PF probes (the model's EEPROM, semaphores, reset, link),
# gives out VFs and sets a VF's MAC, and ixgbevf binds a VF: its reset
# and the PF's answer over the mailbox, and the mailbox API the two agree.

PF_MAC=52:54:00:82:59:90
VF_MAC=02:58:56:82:59:01

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
echo 0 >"$PF_SYS/sriov_drivers_autoprobe"
check vfs-created "sriov_numvfs=2 gave no VFs" eval \
	"echo 2 >$PF_SYS/sriov_numvfs && [ -e $PF_SYS/virtfn1 ] &&
	 [ \"\$(cat $PF_SYS/virtfn0/device)\" = 0x10ed ]"
check vf-mac-set "ip link set vf 0 mac failed" $IP link set "$PF" vf 0 mac $VF_MAC
VF_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
ixgbevf_bound() {
	modprobe ixgbevf &&
		echo ixgbevf >"/sys/bus/pci/devices/$VF_BDF/driver_override" &&
		echo "$VF_BDF" >/sys/bus/pci/drivers_probe &&
		wait_until 20 "test -n \"\$(netdev_of_pci $VF_BDF)\""
}
check ixgbevf-binds "ixgbevf did not bind the VF" ixgbevf_bound || { dmesg | tail -n 30; return; }
VF=$(netdev_of_pci "$VF_BDF")
check vf-mac-from-pf "the VF did not get the MAC the PF set" \
	test "$(cat /sys/class/net/$VF/address)" = $VF_MAC
check vf-up "the VF would not come up" $IP link set "$VF" up
# The API ixgbevf settled on, as the PF logs it is not printed; the VF's
# own driver says nothing either: the PF's debug line is the record.
dmesg | grep -iE "ixgbe|ixgbevf" | tail -n 20
