#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The real Debian 12 guest's root filesystem, as a directory: minbase from
# Debian's archive (mmdebstrap) with systemd as init, udev, iproute2,
# ethtool, the stock 6.1 kernel and its headers, dkms, and the libraries
# the xvfd package depends on, so that `apt install ./xvf*.deb` needs no
# network later (tests/debian/install.sh). Debian 13's kernel series (the
# 6.12 image and headers bookworm carries) is downloaded, not installed:
# install.sh installs it after xvf-dkms, as a user's second kernel.
#
# Built once and cached outside the repository, keyed by the hash of this
# recipe and the kernel releases; prints the cache directory, which holds
# rootfs/ and kernel2/ (the 6.12 packages).
#   image.sh RELEASE-6.1 RELEASE-6.12
set -euo pipefail
[ $# -eq 2 ] || { sed -n '13,14p' "$0" >&2; exit 2; }
rel=$1 rel2=$2
here=$(cd "$(dirname "$0")" && pwd)
cache=${XVF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xvf}
key=$( { cat "$0" "$here/customize.sh"; echo "$rel $rel2"; } | sha256sum | cut -c1-16)
out=$cache/debian12-$key

log() { echo "debian image: $*" >&2; }

if [ -f "$out/done" ]; then
	echo "$out"
	exit 0
fi
mkdir -p "$cache"
exec 9>"$cache/debian.lock"
flock 9
if [ -f "$out/done" ]; then # built by whoever held the lock
	echo "$out"
	exit 0
fi

# The archive this machine installs from (scripts/setup.sh's sources):
# bookworm, its updates and its security archive, main only.
MIRROR=http://deb.debian.org/debian
SECURITY=http://deb.debian.org/debian-security
PACKAGES=(
	systemd systemd-sysv udev dbus iproute2 ethtool kmod procps
	"linux-image-$rel" "linux-headers-$rel" dkms
	# xvfd's run-time libraries (debian/control, shlibs), so that the
	# package installs offline
	libxenstore4 libjson-c5 libnl-3-200 libnl-route-3-200 libmnl0 libsystemd0
	# the test harness in the guest: xenstore-read/-watch for dom0's
	# checks, ping for the network ones, jq for xvfctl -j
	xenstore-utils iputils-ping jq
)

tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' ERR
t0=$SECONDS
log "mmdebstrap bookworm minbase into $tmp/rootfs"
# The initramfs needs only what mounts the root (MODULES=list, the modules
# customize.sh names; the default, most, would carry every storage
# driver): set before the kernel's own update-initramfs runs.
mmdebstrap --variant=minbase --mode=root --format=directory \
	--include="$(IFS=,; echo "${PACKAGES[*]}")" \
	--setup-hook='mkdir -p "$1/etc/initramfs-tools/conf.d" && echo MODULES=list >"$1/etc/initramfs-tools/conf.d/xvf-test-guest"' \
	--customize-hook="cp '$here/customize.sh' \"\$1/tmp/\" && chroot \"\$1\" sh /tmp/customize.sh '$rel' '$rel2' && rm \"\$1/tmp/customize.sh\"" \
	bookworm "$tmp/rootfs" \
	"deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
	"deb $SECURITY bookworm-security main" >&2
# customize.sh left the second kernel's packages in /var/tmp/kernel2.
mv "$tmp/rootfs/var/tmp/kernel2" "$tmp/kernel2"
log "built in $((SECONDS - t0)) s: $(du -sh "$tmp/rootfs" | cut -f1) rootfs, $(du -sh "$tmp/kernel2" | cut -f1) for the second kernel"
echo "$((SECONDS - t0))" >"$tmp/build-seconds"
touch "$tmp/done"
rm -rf "$out"
mv "$tmp" "$out"
echo "$out"
