# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: none
# qemu-xen: yes
#
# Xen tier, runs in dom0: toolstack up, a PV guest with netfront on a
# bridge, traffic both ways, then xl save/restore and a live migration to
# localhost, with traffic checked after each. Timings go out as metrics.

. /xvf/xen/lib.sh

check xen-toolstack "xenstored/xen-init-dom0/xenconsoled did not start" \
	xen_start_toolstack || return
check xen-bridge "could not create $BRIDGE" xen_bridge_up || return
xen_guest_config pv >/tmp/guest.cfg

t0=$(now)
check guest-create "xl create failed" $XL create /tmp/guest.cfg || {
	guest_console_dump
	return
}
# The first check also waits for the guest to boot (slow under TCG).
guest_check guest-netfront-ping-dom0 400 "ping -c 3 -W 2 $DOM0_ADDR" || guest_console_dump
metric xen_guest_create_to_ping_seconds "$(elapsed_since "$t0")"
check dom0-ping-guest "no answer from the guest over netfront" \
	ping -c 3 -W 2 $GUEST_ADDR
guest_check guest-sees-own-domid 30 \
	"[ \"\$(xenstore-read domid)\" = $(guest_domid) ]"

domid_before=$(guest_domid)
t0=$(now)
check guest-save "xl save failed" $XL save $GUEST /tmp/guest.save
check guest-restore "xl restore failed" $XL restore /tmp/guest.save
metric xen_save_restore_seconds "$(elapsed_since "$t0")"
check restore-new-domid "domid did not change across restore" \
	test "$(guest_domid)" != "$domid_before"
guest_check guest-ping-after-restore 120 "ping -c 3 -W 2 $DOM0_ADDR"

# Live migration to this same host (pre-copy: the guest runs while its
# memory is copied). A PV guest's log-dirty tracking needs the shadow
# paging of the hypervisor tests/xen/hypervisor.sh provides.
domid_before=$(guest_domid)
t0=$(now)
check guest-migrate-localhost "xl migrate failed" \
	sh -c "$XL migrate -s $LOCAL_SSH $GUEST localhost >/tmp/migrate.log 2>&1 ||
		{ cat /tmp/migrate.log; false; }" &&
	metric xen_migrate_localhost_seconds "$(elapsed_since "$t0")"
check migrate-new-domid "domid did not change across migration" \
	test "$(guest_domid)" != "$domid_before"
guest_check guest-ping-after-migrate 120 "ping -c 3 -W 2 $DOM0_ADDR"
check dom0-ping-guest-after-migrate "no answer from the migrated guest" \
	ping -c 3 -W 2 $GUEST_ADDR

guest_kernel_log_check
[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
check guest-destroy "xl destroy failed" $XL destroy $GUEST
