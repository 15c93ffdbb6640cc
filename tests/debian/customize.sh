# SPDX-License-Identifier: GPL-2.0-or-later
# Runs in the chroot of the Debian guest's root filesystem at the end of
# its build (tests/debian/image.sh): the settings of a guest that boots
# from one disk as a Xen PV guest (/dev/xvda) or a plain VM (/dev/vda).
#   customize.sh RELEASE RELEASE-OF-SECOND-KERNEL
set -eu
rel=$1 rel2=$2

# The root is found by its label, whichever disk driver presents it.
printf '%s\n' xen-blkfront virtio_pci virtio_blk ext4 >>/etc/initramfs-tools/modules
update-initramfs -u -k "$rel"
echo 'LABEL=xvf-root / ext4 defaults,errors=remount-ro 0 1' >/etc/fstab
echo xvf-guest >/etc/hostname
printf '127.0.0.1 localhost\n127.0.1.1 xvf-guest\n' >/etc/hosts

systemctl enable systemd-networkd.service
# The consoles carry the test harness's answers; no login prompt on them.
systemctl mask serial-getty@hvc0.service serial-getty@ttyS0.service \
	getty@tty1.service

# An unprivileged user, and one who will be in xvfd's admin group (the
# group comes with the package: tests/debian/install.sh).
useradd --create-home --shell /bin/bash user
useradd --create-home --shell /bin/bash admin

# Debian 13's kernel series, downloaded for install.sh's second kernel
# (the cache emptied first: it may still hold the bootstrap's packages).
apt-get clean
apt-get install -qq --download-only -y --no-install-recommends \
	"linux-image-$rel2" "linux-headers-$rel2"
mkdir -p /var/tmp/kernel2
mv /var/cache/apt/archives/*.deb /var/tmp/kernel2/

# A test guest lives for one run: its journal in memory, no disk writes
# for it under TCG.
mkdir -p /etc/systemd/journald.conf.d
printf '[Journal]\nStorage=volatile\n' >/etc/systemd/journald.conf.d/xvf-test-guest.conf
