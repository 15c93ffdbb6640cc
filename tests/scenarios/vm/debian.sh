# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-hub-virtio
# kernel-args: root=LABEL=xvf-root ro
# timeout: 900
#
# The real Debian 12 guest (tests/debian) booted as a plain VM, from its
# own disk (virtio), its own kernel and initramfs, systemd as init; this
# file runs inside it (tests/debian/guest/run-vm.sh, started by
# xvf-test-vm.service). The packages are the ones xen/debian boots; the
# image adds only what the plain VM's stand-in for netfront needs
# (virtio-net as xvf_failover's standby, tests/debian/install.sh). The
# fixture is failover.sh's: VF0 of the emulated 82576 and virtio-net
# share a MAC, and the PF, in network namespace "peer", is the far end.
#   the boot ends with no failed unit and xvfd is left out (not Xen);
#   the modules load with nobody running modprobe (xvf_failover with
#   virtio-net, xvf by the VF's modalias); systemd-networkd configures
#   the master from the admin's file and it keeps its address across a
#   VF detach and attach; apt remove and reinstall of xvf-dkms: dkms
#   builds the modules again inside the guest, and the VF binds to the
#   rebuilt xvf.

. /xvf/failover.sh
MAC=02:58:56:46:00:01
PEER_ADDR=10.99.0.1
# The address the admin gave the master (the file install.sh writes).
GUEST_ADDR=$(sed -n 's/^Address=//p' /etc/systemd/network/20-xvf-failover-master.network)

# The standby: virtio-net's netdev.
virtio_netdev() {
	local d
	for d in /sys/class/net/*; do
		[ "$(basename "$(readlink "$d/device/driver")")" = virtio_net ] &&
			{ basename "$d"; return; }
	done
	return 1
}
# xvfd is enabled but left out outside Xen (its unit's condition): not
# started, not failed.
xvfd_left_out() {
	[ "$(systemctl show -P ConditionResult xvfd)" = no ] &&
		! systemctl is-failed --quiet xvfd ||
		{ systemctl status --no-pager xvfd; return 1; }
}
# The PF in namespace "peer" as the far end; VFs wait for their MAC
# before any driver binds them.
peer_ready() {
	[ -n "$PF" ] && echo 0 >"$PF_SYS/sriov_drivers_autoprobe" &&
		ip netns add peer && ip link set "$PF" netns peer &&
		ip -n peer addr add $PEER_ADDR/24 dev "$PF" &&
		ip -n peer link set "$PF" up
}
# The VF probed by the kernel's own matching (no driver_override): the
# driver udev loaded by its modalias takes it. (With autoprobe off a VF
# binds only by driver_override; its MAC is set now, so back on.)
vf_bound_by_modalias() {
	echo 1 >"$PF_SYS/sriov_drivers_autoprobe" &&
		echo "$VF_BDF" >/sys/bus/pci/drivers_probe &&
		wait_until 10 "test -n \"\$(netdev_of_pci $VF_BDF)\"" &&
		[ "$(basename "$(readlink "/sys/bus/pci/devices/$VF_BDF/driver")")" = xvf ]
}
# A detach as the host does it: the VF's MAC filter cleared on the PF,
# the VF gone. An attach: the filter back, the VF bound and paired.
vf_detach() {
	ip -n peer link set "$PF" vf 0 mac 00:00:00:00:00:00 && vf_leaves
}
vf_filter_back() {
	ip -n peer link set "$PF" vf 0 mac $MAC
}
master_reaches_peer() {
	master_address_kept "$GUEST_ADDR" && wait_until 20 "ping -c 1 -W 1 $PEER_ADDR"
}
# apt remove, then install, of xvf-dkms from the same file: dkms removes
# the modules and builds them again for the running kernel, in the guest.
dkms_removed() {
	apt-get remove -y xvf-dkms >/tmp/remove.log 2>&1 || { tail -n 5 /tmp/remove.log; return 1; }
	[ -z "$(find "/lib/modules/$(uname -r)" -name 'xvf*.ko*')" ] ||
		{ echo "modules left after apt remove"; return 1; }
}
dkms_reinstalled() {
	apt-get install -y /var/tmp/xvf-debs/xvf-dkms_*.deb >/tmp/install.log 2>&1 ||
		{ tail -n 20 /tmp/install.log; return 1; }
	dkms_built_for "$(uname -r)" && modinfo -n xvf && modinfo -n xvf_failover
}

check debian-booted "the boot did not end in a running system" debian_booted || return
check xvfd-left-out-outside-xen "xvfd started or failed outside Xen" xvfd_left_out
check modules-at-boot "a module did not load at boot" \
	modules_loaded igb virtio_net xvf_failover
STANDBY=$(virtio_netdev)
check standby-paired "the master did not take virtio-net ($STANDBY) as its standby" \
	wait_until 30 "fo_is standby '$STANDBY'" || return
check networkd-configures-master "systemd-networkd did not configure the master with ${GUEST_ADDR:-(no address)}" \
	wait_until 90 "master_configured $GUEST_ADDR" || return
# (A check runs in a subshell: what later checks use is set out here.)
PF_BDF=$(pci_find 8086:10c9)
PF=$(netdev_of_pci "$PF_BDF")
PF_SYS=/sys/bus/pci/devices/$PF_BDF
check peer-ready "could not move the PF into namespace peer" peer_ready || return
check master-reaches-peer-on-standby "no answer from the peer over virtio-net" \
	master_reaches_peer
check vf-created "sriov_numvfs or the VF's MAC failed" vf_enable || return
VF_BDF=$(basename "$(readlink "$PF_SYS/virtfn0")")
check xvf-loaded-by-modalias "udev did not load xvf for the VF" \
	wait_until 30 "modules_loaded xvf"
check vf-bound-by-modalias "the VF was not bound to xvf" vf_bound_by_modalias || return
check vf-paired "the master did not pair the VF" vf_paired
check master-keeps-address-on-vf "the master lost its address or the peer with the VF" eval \
	"fo_is active vf && master_reaches_peer"
check vf-detach "clearing the MAC filter and removing the VF failed" vf_detach
check master-keeps-address-on-standby "the master lost its address or the peer after the detach" \
	master_reaches_peer
check vf-attach "the VF did not come back paired" eval \
	"vf_filter_back && vf_arrives && vf_paired"
check master-keeps-address-after-attach "the master lost its address or the peer after the attach" eval \
	"fo_is active vf && master_reaches_peer"
check vf-unbound "the VF would not leave xvf" vf_detach
t0=$(uptime_seconds)
check apt-remove-dkms "apt remove of xvf-dkms failed or left its modules" dkms_removed
metric debian_dkms_remove_seconds $(($(uptime_seconds) - t0))
check master-up-after-remove "the master lost its address or the peer after apt remove" \
	master_reaches_peer
t0=$(uptime_seconds)
check dkms-reinstall "apt install of xvf-dkms did not build its modules" dkms_reinstalled
metric debian_dkms_reinstall_seconds $(($(uptime_seconds) - t0))
# The old module leaves; udev loads the rebuilt one by the VF's modalias.
check vf-binds-rebuilt-xvf "the VF did not pair with the rebuilt xvf" eval \
	"vf_filter_back && modprobe -r xvf &&
	 udevadm trigger --action=add --settle /sys/bus/pci/devices/$VF_BDF &&
	 wait_until 30 'modules_loaded xvf' && vf_arrives && vf_paired && master_reaches_peer"
