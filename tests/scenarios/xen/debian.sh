# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
# qemu-xen: yes
# timeout: 1500
#
# Xen tier, runs in dom0; the guest half is xen/debian.guest. The real
# Debian 12 guest, installed as users do (tests/debian: a root filesystem
# from Debian's archive, `apt install` of the xvf-dkms and xvfd packages,
# dkms building the modules against the guest kernel's headers), booted
# as a PV guest from its own disk (root on a Xen virtual disk, the
# kernel and initramfs from its /boot, systemd as init):
#   the modules load at boot with nobody running modprobe (xvf_failover
#   with netfront, xvf by the VF's modalias; dkms built them in the
#   chroot for Debian 12's kernel and for 13's installed after the
#   package: cases xen/debian-install/dkms-built-*); systemd-networkd
#   configures the failover master from the shipped files, and it keeps its address
#   across a VF detach and attach; xvfd runs under the packaged unit as
#   its own user (systemd-analyze security exposure <= 1.5), survives
#   systemctl restart; xvfctl status works for anyone, hold for root and
#   the admin group only; one xvf-host migration under traffic with the
#   packaged agent; apt remove of the agent leaves netfront networking
#   up, and it installs again (xvf-dkms's remove and reinstall: vm/debian).

GUEST_LOGLEVEL=6
. /xvf/xen/lib.sh
PORT_UP=5600
PORT_DOWN=5601
RATE=200
PHASE_PACKETS=$((RATE / 2))
MAX_EXPOSURE=1.5

# debian_guest_create: the guest's kernel and initramfs from its own
# /boot (as pygrub would take them; Debian 12's, the release dom0 runs,
# not the newer second kernel), then the guest on its disk.
debian_guest_create() {
	local rel
	rel=$(uname -r)
	mkdir -p /mnt/guest /xvf/debian &&
		mount -o ro /dev/vda /mnt/guest &&
		cp "/mnt/guest/boot/vmlinuz-$rel" /xvf/debian/vmlinuz &&
		cp "/mnt/guest/boot/initrd.img-$rel" /xvf/debian/initrd.img &&
		umount /mnt/guest || return 1
	xen_guest_config pv "passthrough = \"enabled\"
disk = [ 'format=raw,vdev=xvda,access=rw,script=/etc/xen/scripts/block-xvf,target=/dev/vda' ]" |
		sed -e 's|^kernel = .*|kernel = "/xvf/debian/vmlinuz"|' \
			-e 's|^ramdisk = .*|ramdisk = "/xvf/debian/initrd.img"|' \
			-e 's|^extra = "|extra = "root=LABEL=xvf-root ro |' >/tmp/guest.cfg &&
		$XL create /tmp/guest.cfg
}

# dom0 has no udev: the disk's and blkback's modules by hand.
check dom0-disk "no guest disk (run.sh --disk)" eval \
	"modprobe virtio_pci && modprobe virtio_blk && modprobe xen-blkback &&
	 modprobe crc32c_generic && modprobe ext4 &&
	 wait_until 20 'test -b /dev/vda'" || return
dom0_peer_beside_pf || return
t0=$(now)
check guest-create "xl create of the Debian guest failed" debian_guest_create || {
	guest_console_dump
	return
}
# The first answer also waits for the boot (systemd under TCG: about 45 s,
# a hung boot costs no more than 300 s of the budget).
guest_check debian-booted 300 "debian_booted" || {
	guest_console_dump
	return
}
metric xen_debian_boot_seconds "$(elapsed_since "$t0")"
guest_check dkms-built 60 "dkms_built_for $(uname -r)"
guest_check failover-loaded-at-boot 30 "modules_loaded xen_netfront xvf_failover"
guest_check networkd-configures-master 120 "wait_until 90 'master_configured $GUEST_ADDR/24'"
guest_check master-ping-dom0 60 "ping -c 3 -W 2 $DOM0_ADDR"
guest_check xvfd-hardened 60 "agent_hardened $MAX_EXPOSURE"
metric xen_debian_xvfd_exposure "$(guest_data_field xvft-exposure exposure)"
guest_check xvfctl-status-for-anyone 30 "status_for_all"
guest_check xvfctl-hold-refused-for-user 30 "hold_refused_for user"
guest_check xvfctl-hold-by-admin-group 30 "hold_release_by admin"

check pci-attach "xvf-host attach failed" xvf-host attach $GUEST "$VF_BDF" || {
	guest_console_dump
	return
}
guest_check xvf-loaded-by-modalias 120 "wait_until 90 'modules_loaded xvf' && fo_vf_paired"
guest_check agent-sees-pair 60 "wait_until 30 agent_sees_pair"
guest_check master-keeps-address-on-vf 60 "master_address_kept $GUEST_ADDR/24"
guest_check xvfd-restart 90 "agent_restarts"

xen_streams_start $PORT_UP $PORT_DOWN $RATE || return
xen_phase_end xen_debian steady || return
check migrate "xvf-host migrate failed" host_migrate migrate /tmp/ssh-here
check migrate-agent-answered "xvfd did not confirm both steps" \
	outcome_is migrate '.prepare == "ok" and .confirm == "ok" and .vf_attached' || {
	cat /tmp/migrate.json /tmp/migrate.log
	guest_console_dump
}
guest_check migrate-back-on-vf 90 "fo_vf_paired && fo_is hold 0"
guest_check master-keeps-address-after-migrate 60 "master_address_kept $GUEST_ADDR/24"
xen_phase_end xen_debian migrate &&
	nothing_lost_outside_pause migrate xen_debian_lost_outside_pause 1
kill "$DOWN_TX" 2>/dev/null

check pci-detach "xl pci-detach failed" $XL pci-detach $GUEST "$VF_BDF"
guest_check master-keeps-address-on-netfront 60 \
	"fo_active_is standby && master_address_kept $GUEST_ADDR/24 && ping -c 3 -W 2 $DOM0_ADDR"
guest_check apt-remove-agent 300 "agent_removed"
guest_check netfront-up-after-remove 60 "ping -c 3 -W 2 $DOM0_ADDR"
check dom0-ping-after-remove "no answer from the guest after apt remove" \
	ping -c 3 -W 2 $GUEST_ADDR
guest_check agent-reinstall 600 "agent_reinstalled"

guest_kernel_log_check
[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
check guest-destroy "xl destroy failed" $XL destroy $GUEST
