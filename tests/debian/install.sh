#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The real Debian guest's disk for one run: a copy of the cached root
# filesystem (tests/debian/image.sh) into which `apt install` puts the
# packages `make deb` built, as an image builder would (dkms builds the
# modules in the chroot against the guest kernel's headers), then Debian
# 13's kernel as a second kernel (dkms must build for it too), the test
# harness, and an ext4 image of the lot (no loop mount: mkfs.ext4 -d).
#
#   install.sh IMAGE-DIR DEB-DIR OUT-DIR RELEASE RELEASE-2 TOOLS-DIR
#
# TOOLS-DIR: the test tools (tests/tools: udpseq, xfo) the checks use.
#
# OUT-DIR gets disk.img (ext4, label xvf-root; dom0 takes the kernel and
# initramfs to boot from its /boot) and, for the plain VM, that kernel and
# initramfs as vmlinuz and initrd.img. Each step's time goes to stdout as
# "seconds STEP N".
set -euo pipefail
[ $# -eq 6 ] || { sed -n '11,13p' "$0" >&2; exit 2; }
img=$1 debs=$2 out=$3 rel=$4 rel2=$5 tools=$6
here=$(cd "$(dirname "$0")" && pwd)
root=$out/rootfs

mkdir -p "$out"
rm -rf "$root"
mounts=()
undo() {
	local m
	for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
	rm -rf "$root"
}
trap undo EXIT

t=$SECONDS
timed() {	# STEP: the time since the last step
	echo "seconds $1 $((SECONDS - t))"
	t=$SECONDS
}

cp -a "$img/rootfs" "$root"
timed copy
for m in proc sys dev; do
	mount --rbind "/$m" "$root/$m"
	mounts=("$root/$m" "${mounts[@]}")
done
in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive "$@"; }

mkdir -p "$root/var/tmp/xvf-debs"
cp "$debs"/xvf-dkms_*_all.deb "$debs"/xvfd_*_amd64.deb "$root/var/tmp/xvf-debs/"
in_root sh -c 'apt-get install -y /var/tmp/xvf-debs/*.deb'
timed apt-install
# Debian 13's kernel installed after the package: its kernel hook runs dkms.
cp -a "$img/kernel2" "$root/var/tmp/"
in_root sh -c 'apt-get install -y /var/tmp/kernel2/*.deb'
rm -rf "$root/var/tmp/kernel2"
timed second-kernel
# dkms built both modules for both kernels, or the image is useless;
# check.sh makes a case of each "dkms-installed" line.
in_root dkms status
for k in "$rel" "$rel2"; do
	in_root dkms status -m xvf -k "$k" | grep -q ': installed' ||
		{ echo "install.sh: dkms did not install xvf for $k" >&2; exit 1; }
	echo "dkms-installed $k"
done
# The guest boots Debian 12's kernel: the second one goes again (its
# modules tree would double the image and every depmod of the guest's
# own apt runs under TCG).
in_root apt-get purge -y "linux-image-$rel2" "linux-headers-$rel2"
timed purge-second-kernel

# What an admin of this guest sets: the master's address (static, as the
# test network has no DHCP; the one dom0's checks expect, from their
# constants) in a file of the same name as the shipped one, which
# replaces it; the admin user in xvfd's admin group.
addr=$(sed -n 's/^GUEST_ADDR=//p' "$here/../xen/dom0/lib.sh")
[ -n "$addr" ] || { echo "install.sh: no GUEST_ADDR in tests/xen/dom0/lib.sh" >&2; exit 1; }
cat >"$root/etc/systemd/network/20-xvf-failover-master.network" <<NET
[Match]
Kind=xvf_failover

[Network]
Address=$addr/24
NET
in_root usermod -a -G xvf admin
# The plain VM has no netfront: there virtio-net stands in for it, as in
# the busybox VM (a test-only setting; Xen's default stays).
cat >"$root/etc/modprobe.d/xvf-test-vm.conf" <<CONF
options xvf_failover standby_drivers=vif,virtio_net
softdep virtio_net post: xvf_failover
CONF
# The test harness (tests/debian/guest): under Xen it serves dom0's checks
# over xenstore; in the plain VM it runs the scenario itself.
mkdir -p "$root/xvf"
cp "$here/../vm/guest/lib.sh" "$here/../vm/guest/failover.sh" \
	"$here/../xen/guest/serve-checks.sh" "$here/guest/serve.sh" \
	"$here/guest/run-vm.sh" "$root/xvf/"
cp "$here/guest/checks.sh" "$root/xvf/debian-checks.sh"
mkdir -p "$root/xvf/scenarios/xen" "$root/xvf/scenarios/vm" "$root/xvf/bin"
cp "$here"/../scenarios/xen/*.guest "$root/xvf/scenarios/xen/"
cp "$here/../scenarios/vm/debian.sh" "$root/xvf/scenarios/vm/"
cp "$tools/udpseq" "$tools/xfo" "$root/xvf/bin/"
cp "$here/guest/xvf-test-serve.service" "$here/guest/xvf-test-vm.service" \
	"$root/etc/systemd/system/"
cp -r "$here/guest/xvfd.service.d" "$root/etc/systemd/system/"
in_root systemctl enable xvf-test-serve.service xvf-test-vm.service
for m in "${mounts[@]}"; do umount -l "$m"; done
mounts=()

# The plain VM boots the guest's own kernel and initramfs (QEMU's loader,
# as dom0 takes them for the PV guest).
cp "$root/boot/vmlinuz-$rel" "$out/vmlinuz"
cp "$root/boot/initrd.img-$rel" "$out/initrd.img"
rm -f "$out/disk.img"
# Room for the guest's own apt runs (remove, reinstall) and its journal.
size=$(( $(du -sm "$root" | cut -f1) + 768 ))
mkfs.ext4 -q -L xvf-root -d "$root" "$out/disk.img" "${size}M"
timed image
