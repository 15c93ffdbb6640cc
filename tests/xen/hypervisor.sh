#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The Xen hypervisor the Xen tier boots, and only the hypervisor: dom0's
# tools (xl, xenstored, libxenctrl) stay the installed Debian packages.
#
#   hypervisor.sh           print the path of the cached hypervisor (an
#                           uncompressed ELF, which QEMU's multiboot loader
#                           takes); fetch it first if it is not cached
#   hypervisor.sh --check   exit 1 if it is not cached; fetch nothing
#
# Why this build: a PV guest's live migration needs log-dirty tracking,
# which for PV guests is shadow paging. Debian's current 4.17 build
# (bookworm-security, after XSA-495 deprecated shadow paging) has
# CONFIG_SHADOW_PAGING unset, and `xl migrate` then fails with "Failed to
# enable logdirty: 95". Bookworm's main-archive build below has it set;
# it is the same 4.17 branch as the tools, so the hypercall interfaces
# match. Downloading it (2.4 MB, seconds) beats rebuilding Xen from source
# (minutes of the CI's 2 cores) for a test bed; the cost is that this
# hypervisor lacks the security fixes of the later 4.17 builds, which
# matters on a production host, not in a throwaway QEMU guest.
# apt verifies the package against the archive's signed index.
set -euo pipefail

XEN_HV_PACKAGE=xen-hypervisor-4.17-amd64
XEN_HV_VERSION=4.17.5+72-g01140da4e8-1

cache=${XVF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xvf}
dir=$cache/xen-hypervisor-$XEN_HV_VERSION
hv=$dir/xen

log() { printf 'xen hypervisor: %s\n' "$*" >&2; }

# The version is pinned, so the cached file is valid as long as it exists
# and its config says it can shadow-page.
cached() {
	[ -s "$hv" ] && grep -qx 'CONFIG_SHADOW_PAGING=y' "$dir/config" 2>/dev/null
}

download() {
	local into=$1
	(cd "$into" && apt-get download -q "$XEN_HV_PACKAGE=$XEN_HV_VERSION") >&2
}

fetch() {
	local tmp deb
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.xen-hypervisor.XXXXXX")
	trap 'rm -rf "$tmp"' RETURN
	# apt may run its download as _apt, which must be able to write here.
	chmod 755 "$tmp"
	if ! download "$tmp" 2>"$tmp/apt.log"; then
		# A stale package index is the usual cause: refresh it once.
		apt-get update -qq >&2 || true
		if ! download "$tmp" 2>"$tmp/apt.log"; then
			cat "$tmp/apt.log" >&2
			log "cannot download $XEN_HV_PACKAGE=$XEN_HV_VERSION from the mirror."
			log "If bookworm no longer carries it, rebuild Debian's Xen source with"
			log "CONFIG_SHADOW_PAGING=y and put the build's xen/xen at $hv and"
			log "its xen/.config at $dir/config."
			return 1
		fi
	fi
	deb=$(ls "$tmp"/*.deb)
	dpkg-deb -x "$deb" "$tmp/root"
	grep -qx 'CONFIG_SHADOW_PAGING=y' "$tmp/root/boot/xen-4.17-amd64.config" || {
		log "$XEN_HV_VERSION was built without shadow paging"
		return 1
	}
	mkdir -p "$dir"
	cp "$tmp/root/boot/xen-4.17-amd64.config" "$dir/config.tmp"
	zcat "$tmp/root/boot/xen-4.17-amd64.gz" >"$dir/xen.tmp"
	mv "$dir/xen.tmp" "$hv"
	mv "$dir/config.tmp" "$dir/config"
	log "cached $XEN_HV_VERSION at $hv"
}

case "${1:-}" in
--check) cached ;;
"")
	mkdir -p "$cache"
	exec 9>"$cache/xen-hypervisor.lock"
	flock 9
	cached || fetch
	printf '%s\n' "$hv"
	;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
