#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# QEMU with the test model of the Intel 82599 (tests/qemu/ixgbe), built
# from the source of the QEMU the harness runs: bookworm-backports'
# 10.0.2, whose Debian orig tarball (upstream 10.0.2 without the prebuilt
# firmware) is pinned here by its SHA-256, with our fixes to QEMU itself
# (patches/, each says why). Only x86_64-softmmu and what the tests need.
# Built once and cached outside the repository, keyed by the hash of this
# script, the model's files, the patches and the version; prints the
# path of the qemu-system-x86_64 it built. The firmware (SeaBIOS, option
# ROMs) is the installed package's, /usr/share/qemu (--prefix=/usr).
#   build.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
VERSION=10.0.2
TARBALL=qemu_$VERSION+ds.orig.tar.xz
SHA256=0901da33844a331bf8b3602b9c1fbd178e60b737c8e3ade678255bd090c9b9f1
MIRROR=${XVF_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${XVF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xvf}
key=$( { cat "$0" "$here"/ixgbe/* "$here"/patches/*.patch; echo "$VERSION"; } |
	sha256sum | cut -c1-16)
out=$cache/qemu-$VERSION-x82599-$key

log() { echo "qemu build: $*" >&2; }

if [ -x "$out/qemu-system-x86_64" ]; then
	echo "$out/qemu-system-x86_64"
	exit 0
fi
mkdir -p "$cache"
exec 9>"$cache/qemu.lock"
flock 9
if [ -x "$out/qemu-system-x86_64" ]; then # built by whoever held the lock
	echo "$out/qemu-system-x86_64"
	exit 0
fi

src=$cache/src/$TARBALL
if ! echo "$SHA256  $src" | sha256sum -c --status 2>/dev/null; then
	log "fetching $TARBALL"
	mkdir -p "$cache/src"
	curl -sSf -o "$src.tmp" "$MIRROR/pool/main/q/qemu/${TARBALL//+/%2B}"
	echo "$SHA256  $src.tmp" | sha256sum -c --status ||
		{ log "$TARBALL: SHA-256 mismatch"; rm -f "$src.tmp"; exit 1; }
	mv "$src.tmp" "$src"
fi

tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
t0=$SECONDS
tar -xJf "$src" -C "$tmp"
tree=$tmp/qemu-$VERSION

for p in "$here"/patches/*.patch; do
	patch -s -d "$tree" -p1 <"$p" || { log "$(basename "$p") does not apply"; exit 1; }
done

# The model joins hw/net: its files, a Kconfig symbol every PCI machine
# gets, its meson rule and its trace events.
cp "$here"/ixgbe/*.c "$here"/ixgbe/*.h "$tree/hw/net/"
cat "$here/ixgbe/Kconfig" >>"$tree/hw/net/Kconfig"
cat "$here/ixgbe/meson.build" >>"$tree/hw/net/meson.build"
cat "$here/ixgbe/trace-events" >>"$tree/hw/net/trace-events"
# The +ds tarball has no prebuilt EDK2 images to unpack.
sed -i 's/^    unpack_edk2_blobs = bzip2.found()$/    unpack_edk2_blobs = false/' "$tree/meson.build"

cd "$tree"
log "configure"
./configure --prefix=/usr --target-list=x86_64-softmmu \
	--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu \
	--python=/usr/bin/python3 --disable-download --disable-install-blobs \
	--without-default-features --enable-tcg --enable-slirp --enable-fdt=system \
	--disable-docs --disable-tools --disable-werror >"$tmp/configure.log" 2>&1 ||
	{ tail -n 30 "$tmp/configure.log" >&2; exit 1; }
log "build"
ninja -C build qemu-system-x86_64 >"$tmp/build.log" 2>&1 ||
	{ tail -n 40 "$tmp/build.log" >&2; exit 1; }
mkdir -p "$out"
cp build/qemu-system-x86_64 "$out/"
log "built in $((SECONDS - t0)) s"
echo "$out/qemu-system-x86_64"
