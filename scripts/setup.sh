#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Install everything xvf needs to build and test, from Debian's archive
# (bookworm, plus bookworm-backports for a QEMU that has `-device igb`).
#
# Idempotent: a second run only asks dpkg what is installed and exits
# without touching apt when nothing is missing.
#
#   scripts/setup.sh          install what is missing
#   scripts/setup.sh --check  exit 1 (and list what is missing), change nothing
#   scripts/setup.sh --start-debug-kernel
#                             the same; on a machine that lacks packages,
#                             install the debug kernel's build needs first
#                             and start its build (tests/kernel/build.sh) in
#                             the background while the rest installs: on
#                             a new machine the download and unpacking
#                             leave the CPUs idle. make check's kunit tier
#                             then waits for that build (its lock).
set -euo pipefail

# What tests/kernel/build.sh needs (all in BASE_PACKAGES too).
KERNEL_BUILD_PACKAGES=(
	build-essential bc bison flex libssl-dev libelf-dev kmod cpio rsync
	xz-utils zstd python3 perl linux-source-6.1
)

# Packages from bookworm itself.
BASE_PACKAGES=(
	# build tools and the kernel build's own needs
	build-essential bc bison flex libssl-dev libelf-dev kmod cpio rsync
	xz-utils zstd python3 perl pkg-config patch
	# the stock kernel users run, and the source of the debug test kernel
	linux-image-amd64 linux-headers-amd64 linux-source-6.1
	# guest userland for the test VMs
	busybox-static iproute2 ethtool
	# JSON checks of xvfctl -j in the tests
	jq
	# libraries the agent and the protocol library use
	libnl-3-dev libnl-route-3-dev libmnl-dev libxen-dev xenstore-utils
	libsystemd-dev libjson-c-dev
	# userspace unit tests: cmocka (see README, "Tests"); clang and its
	# compiler-rt for the libFuzzer targets
	libcmocka-dev clang libclang-rt-14-dev
	# make deb: Debian's packaging tools, and dkms to build the DKMS
	# package in the unit tier
	debhelper dh-dkms lintian dkms
	# the real Debian guest: its root filesystem from Debian's archive
	# (tests/debian/image.sh), the unit's exposure (systemd-analyze)
	mmdebstrap systemd e2fsprogs
	# the ixgbe tier: QEMU's build with the 82599 test model
	# (tests/qemu/build.sh; meson from backports)
	ninja-build libglib2.0-dev libpixman-1-dev libslirp-dev zlib1g-dev
	libfdt-dev python3-venv curl
	# the Xen tier: dom0's tools (xl, xenstored). The hypervisor itself
	# is a pinned build fetched into the cache: tests/xen/hypervisor.sh.
	xen-utils-4.17
	# a QEMU that crashed: its core's backtraces (tests/vm/run.sh)
	gdb file
)

# A test machine's install, for a cold run's sake: dpkg does not fsync
# every file it unpacks, and man-db does not rebuild its index after each
# package (nothing here reads man pages through it).
APT_FAST=(-o Dpkg::Options::=--force-unsafe-io)

# Packages taken from bookworm-backports (QEMU 10: the igb device model;
# the meson QEMU 10's own build needs, >= 1.5, and pycotap, which its
# configure requires beside meson: the source package ships no wheels, and
# configure may not download; bookworm has no pycotap).
BACKPORTS_PACKAGES=(qemu-system-x86 meson python3-pycotap)
MIN_QEMU_MAJOR=8

BACKPORTS_LIST=/etc/apt/sources.list.d/xvf-bookworm-backports.sources

# Debian 13's kernel series, as bookworm carries it (linux-6.12, from
# bookworm's security and point-release updates): the modules build
# against its headers and the plain-VM scenarios boot it.  Its ABI name
# changes with every update, so the newest one on the mirror is taken.
kernel_612_installed() {
	local rel
	for rel in $(ls /lib/modules 2>/dev/null | grep '^6\.12\..*-amd64$'); do
		[ -f "/boot/vmlinuz-$rel" ] && [ -d "/lib/modules/$rel/build" ] && return 0
	done
	return 1
}

kernel_612_packages() {
	local abi
	abi=$(apt-cache search --names-only '^linux-image-6\.12\.[0-9]+\+deb12-amd64$' |
		awk '{print $1}' | sed 's/^linux-image-//' | sort -V | tail -n1)
	[ -n "$abi" ] || return 1
	printf '%s\n' "linux-image-$abi" "linux-headers-$abi"
}

here=$(cd "$(dirname "$0")" && pwd)

log() { printf 'setup: %s\n' "$*" >&2; }

missing_packages() {
	local pkg
	for pkg in "$@"; do
		if ! dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null |
			grep -q '^install ok installed$'; then
			printf '%s\n' "$pkg"
		fi
	done
}

qemu_is_new_enough() {
	local ver major
	command -v qemu-system-x86_64 >/dev/null || return 1
	ver=$(qemu-system-x86_64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
	major=${ver:-0}
	[ "$major" -ge "$MIN_QEMU_MAJOR" ]
}

# The URI of the system's own Debian mirror, so backports come from the
# same place as everything else (the CI machines can reach only that).
debian_mirror_uri() {
	local uri
	uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources |
		awk '{print $2}' | grep -m1 '/debian/*$' || true)
	if [ -z "$uri" ]; then
		uri=$(grep -hs '^deb ' /etc/apt/sources.list |
			awk '{print $2}' | grep -m1 '/debian/*$' || true)
	fi
	printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

backports_source_text() {
	cat <<EOF
# Added by xvf's scripts/setup.sh: QEMU >= 8 (the igb SR-IOV device model).
Types: deb
URIs: $(debian_mirror_uri)
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

backports_source_present() {
	[ -f "$BACKPORTS_LIST" ] &&
		[ "$(cat "$BACKPORTS_LIST")" = "$(backports_source_text)" ]
}

check_only() {
	local missing
	missing=$(missing_packages "${BASE_PACKAGES[@]}" "${BACKPORTS_PACKAGES[@]}")
	backports_source_present || missing+=$'\n(bookworm-backports source)'
	qemu_is_new_enough || missing+=$'\n'"(qemu >= $MIN_QEMU_MAJOR)"
	kernel_612_installed || missing+=$'\n(a 6.12 kernel with its headers)'
	"$here/../tests/xen/hypervisor.sh" --check ||
		missing+=$'\n(the Xen tier\'s hypervisor: tests/xen/hypervisor.sh)'
	missing=$(printf '%s\n' "$missing" | sed '/^$/d')
	if [ -n "$missing" ]; then
		printf 'missing:\n%s\n' "$missing"
		return 1
	fi
	return 0
}

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# The debug kernel's build, started now and left running: its log is
# in the cache; whoever calls build.sh next waits for it on its lock.
start_debug_kernel() {
	local cache
	cache=${XVF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/xvf}
	mkdir -p "$cache"
	log "building the debug kernel in the background meanwhile ($cache/early-kernel.log)"
	setsid "$here/../tests/kernel/build.sh" </dev/null >/dev/null 2>"$cache/early-kernel.log" &
}

# The Xen tier's hypervisor, into the cache (a no-op once it is there).
fetch_hypervisor() {
	"$here/../tests/xen/hypervisor.sh" >/dev/null
}

install_missing() {
	local base_missing bp_missing kernel_missing need_update=0
	local early=$1

	if ! backports_source_present; then
		log "adding bookworm-backports source ($BACKPORTS_LIST)"
		backports_source_text | as_root tee "$BACKPORTS_LIST" >/dev/null
		need_update=1
	fi

	mapfile -t base_missing < <(missing_packages "${BASE_PACKAGES[@]}")
	mapfile -t bp_missing < <(missing_packages "${BACKPORTS_PACKAGES[@]}")
	qemu_is_new_enough || bp_missing=("${BACKPORTS_PACKAGES[@]}")

	if [ ${#base_missing[@]} -eq 0 ] && [ ${#bp_missing[@]} -eq 0 ] &&
		kernel_612_installed; then
		[ $need_update -eq 0 ] && fetch_hypervisor &&
			log "everything is installed" && return 0
	fi

	export DEBIAN_FRONTEND=noninteractive
	# man-db's trigger reindexes only while this file exists.
	as_root rm -f /var/lib/man-db/auto-update
	log "apt-get update"
	as_root apt-get update -qq
	mapfile -t kernel_missing < <(missing_packages "${KERNEL_BUILD_PACKAGES[@]}")
	if [ "$early" = yes ] && [ ${#kernel_missing[@]} -gt 0 ]; then
		log "installing the debug kernel's build needs: ${kernel_missing[*]}"
		as_root apt-get install -y -qq --no-install-recommends "${APT_FAST[@]}" \
			"${kernel_missing[@]}"
		start_debug_kernel
		mapfile -t base_missing < <(missing_packages "${BASE_PACKAGES[@]}")
	fi
	if [ ${#base_missing[@]} -gt 0 ]; then
		log "installing: ${base_missing[*]}"
		as_root apt-get install -y -qq --no-install-recommends "${APT_FAST[@]}" "${base_missing[@]}"
	fi
	if [ ${#bp_missing[@]} -gt 0 ]; then
		log "installing from bookworm-backports: ${bp_missing[*]}"
		as_root apt-get install -y -qq --no-install-recommends "${APT_FAST[@]}" \
			-t bookworm-backports "${bp_missing[@]}"
	fi
	qemu_is_new_enough || { log "QEMU is still older than $MIN_QEMU_MAJOR"; exit 1; }
	if ! kernel_612_installed; then
		local k612
		mapfile -t k612 < <(kernel_612_packages)
		[ ${#k612[@]} -eq 2 ] ||
			{ log "no linux-image-6.12.*+deb12-amd64 on the mirror"; exit 1; }
		log "installing the 6.12 kernel: ${k612[*]}"
		as_root apt-get install -y -qq --no-install-recommends "${APT_FAST[@]}" "${k612[@]}"
	fi
	fetch_hypervisor
	log "done"
}

case "${1:-}" in
--check) check_only ;;
--start-debug-kernel) install_missing yes ;;
"") install_missing no ;;
*) echo "usage: $0 [--check | --start-debug-kernel]" >&2; exit 2 ;;
esac
