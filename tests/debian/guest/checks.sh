# SPDX-License-Identifier: GPL-2.0-or-later
# Checks of the installed Debian guest that hold under Xen and in the plain
# VM alike (sourced by xen/debian.guest and vm/debian): systemd, the
# modules, systemd-networkd's master, dkms. M is the master (failover.sh
# or failover.guest), STANDBY its standby's netdev.

# systemd is init and the boot ended with no failed unit.
debian_booted() {
	local state
	[ "$(cat /proc/1/comm)" = systemd ] || { echo "init is $(cat /proc/1/comm)"; return 1; }
	state=$(systemctl is-system-running --wait)
	[ "$state" = running ] && return
	systemctl --failed --no-legend --plain
	echo "system $state"
	return 1
}
# MODULE... are loaded (nobody here ran modprobe).
modules_loaded() {
	local m
	for m in "$@"; do
		grep -q "^$m " /proc/modules || { echo "$m not loaded"; return 1; }
	done
}
# systemd-networkd configured the master with ADDR (the admin's file of
# the package's name) and leaves its standby (STANDBY) alone.
master_configured() {	# ADDR
	networkctl status $M | grep -q 'State: routable (configured)' &&
		ip -4 -o addr show dev $M | grep -q " $1 " &&
		networkctl status "$STANDBY" | grep -q 'State: .*(unmanaged)' || {
		networkctl list --no-pager
		networkctl status --no-pager $M | head -n 8
		return 1
	}
}
# The master still has ADDR (at once: it was never taken away) and
# systemd-networkd settles on it again (a VF's arrival or departure
# changes the master's links, which networkd takes a moment to re-read).
master_address_kept() {	# ADDR
	ip -4 -o addr show dev $M | grep -q " $1 " || { echo "$M lost $1"; return 1; }
	wait_until 30 "master_configured $1"
}
# dkms built and installed the modules for each RELEASE.
dkms_built_for() {	# RELEASE...
	local k
	for k in "$@"; do
		dkms status -m xvf -k "$k" | grep -q ': installed' || { dkms status; return 1; }
	done
}
