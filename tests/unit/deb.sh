#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The Debian packages `make deb` built (scripts/deb.sh) as a user gets
# them: the three of them, lintian's verdict, what each holds, and the
# DKMS package built by dkms itself (its dkms.conf, its file set) for the
# stock 6.1 and 6.12 kernels, in a DKMS tree of its own (nothing is
# installed on this machine). One line per case: PASS|FAIL unit/deb/<case>.
#   deb.sh DEB-DIR
set -uo pipefail

. "$(dirname "$0")/../lib.sh"
debs=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

CASE_SUITE=deb
. "$(dirname "$0")/case.sh"

deb_of() { ls "$debs/$1"_*_"$2".deb 2>/dev/null | head -n1; }
# has DEB PATH...: the package holds every PATH (dpkg -c's ./path).
has() {
	local deb=$1 listing p
	shift
	listing=$(dpkg-deb -c "$deb" | awk '{ print $6 }') || return 1
	for p in "$@"; do
		grep -qx "./$p" <<<"$listing" || { echo "$deb lacks $p"; return 1; }
	done
}

check three-packages "make deb did not build xvf-dkms, xvfd and xvf-host" \
	test -n "$(deb_of xvf-dkms all)" -a -n "$(deb_of xvfd amd64)" -a \
		-n "$(deb_of xvf-host amd64)"
check lintian-no-errors "lintian reports errors" \
	lintian --fail-on error "$(ls "$debs"/*.changes)"
check xvfd-contents "xvfd lacks a file users need" \
	has "$(deb_of xvfd amd64)" usr/sbin/xvfd usr/bin/xvfctl \
		lib/systemd/system/xvfd.service etc/xvf/xvfd.conf \
		usr/lib/sysusers.d/xvfd.conf \
		lib/udev/rules.d/60-xvfd.rules \
		usr/lib/systemd/network/10-xvf-failover-slaves.network \
		usr/lib/systemd/network/20-xvf-failover-master.network \
		usr/lib/NetworkManager/conf.d/xvf-failover.conf \
		usr/share/man/man8/xvfd.8.gz usr/share/man/man8/xvfctl.8.gz
check xvfd-depends-on-libsystemd "xvfd does not depend on the libsystemd it loads at run time" sh -c '
	dpkg-deb -f "$0" Depends | tr "," "\n" | grep -qx " *libsystemd0"' "$(deb_of xvfd amd64)"
check xvfd-config-is-conffile "/etc/xvf/xvfd.conf is not a conffile" sh -c '
	dpkg-deb --ctrl-tarfile "$0" | tar -xOf - ./conffiles | grep -qx /etc/xvf/xvfd.conf' \
	"$(deb_of xvfd amd64)"
check xvf-dkms-contents "xvf-dkms lacks its dkms.conf or modprobe settings" \
	has "$(deb_of xvf-dkms all)" "usr/src/xvf-$(dpkg-deb -f "$(deb_of xvf-dkms all)" Version)/dkms.conf" \
		etc/modprobe.d/xvf-dkms.conf
check xvf-host-contents "xvf-host lacks the tool or its man page" \
	has "$(deb_of xvf-host amd64)" usr/sbin/xvf-host usr/share/man/man8/xvf-host.8.gz

# dkms_builds SERIES: dkms builds both modules from the package's sources
# for that stock kernel, and they carry its version.
dkms_builds() {
	local rel src tree ko
	rel=$(stock_release "$1") || return 1
	src=$dir/src-$1 tree=$dir/tree-$1
	mkdir -p "$src" "$tree"
	dpkg-deb -x "$(deb_of xvf-dkms all)" "$dir/pkg"
	cp -a "$dir"/pkg/usr/src/xvf-* "$src/"
	dkms build -m xvf -v "$(basename "$src"/xvf-* | sed 's/^xvf-//')" -k "$rel" \
		--dkmstree "$tree" --sourcetree "$src" || return 1
	for ko in xvf xvf_failover; do
		ko=$(find "$tree" -path "*/$rel/*" -name "$ko.ko*" | head -n1)
		[ -n "$ko" ] && modinfo -F vermagic "$ko" | grep -q "^$rel " ||
			{ echo "no module for $rel: $ko"; return 1; }
	done
}
check dkms-build-6.1 "dkms did not build the modules for the stock 6.1 kernel" \
	dkms_builds 6.1
check dkms-build-6.12 "dkms did not build the modules for the stock 6.12 kernel" \
	dkms_builds 6.12

# The packaged unit's exposure by systemd-analyze (offline: this machine
# need not run systemd) is at most 1.5; xen/debian checks it again in
# the guest, with the agent working under it.
unit_exposure_at_most() {	# MAX
	local unit=$dir/unit/lib/systemd/system/xvfd.service exposure
	dpkg-deb -x "$(deb_of xvfd amd64)" "$dir/unit"
	exposure=$(systemd-analyze security --offline=true --no-pager "$unit" |
		sed -n 's/.*Overall exposure level for xvfd.service: \([0-9.]*\).*/\1/p')
	echo "exposure $exposure"
	awk -v e="$exposure" -v max="$1" 'BEGIN { exit !(e != "" && e <= max) }'
}
check xvfd-unit-exposure "systemd-analyze security rates the packaged xvfd.service above 1.5" \
	unit_exposure_at_most 1.5
