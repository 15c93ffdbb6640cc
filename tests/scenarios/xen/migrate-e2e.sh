# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
# qemu-xen: yes
# timeout: 1500
#
# Xen tier, runs in dom0; the guest half is xen/migrate-e2e.guest. The
# whole mission end to end, only the NIC emulated: in a PV guest xvf
# drives a VF passed through by xvf-host, xvf_failover pairs it with the
# real netfront, and xvfd answers the host. dom0 runs `xvf-host migrate`
# (xl backend) MIGRATIONS times while two sequence-numbered UDP streams
# (guest->dom0 "up", dom0->guest "down") run: prepare-detach (xvfd holds
# transmit on netfront and waits for the VF to drain), the VF's MAC
# filter cleared, xl pci-detach, the migration (xl save + restore: this
# Xen cannot live-migrate a PV guest, see xen/basics), the destination's
# half through a stand-in for ssh (a VF with the MAC, pci-attach, attach),
# xvfd releases the hold once the new VF is paired.
# The guest is paused between xl save and the end of xl restore; xvf-host
# reports both steps, so the pause is measured per migration
# (xvf_e2e_pause_ms_N), and so are xvfd's reaction to each prepare-detach
# (xvf_e2e_agent_reaction_ms_N: request seen to ack written; _on_path_ms_N:
# to the kernel's report of transmit on netfront; _drain_polls_N: re-reads
# of the VF's queues until empty; _tx_moved_ms_N: to transmit off the VF,
# drained), the host's round trip for it (request written
# to ack read, xvf_e2e_prepare_round_trip_ms_N: the rest is xenstore's
# watch delivery) and xvfd's memory and wakeups at rest. The
# guest's stream stops while the guest is paused, so it loses next to
# nothing: the frames sent while netfront reconnects after the restore
# wait in the master's queue (xvf_failover's wait_ms); what is lost is
# what was on its way out at the suspend: 0-23 frames in 25 migrations,
# 0-46 ms (39-72 before wait_ms), so at most RATE x 0.1, a bound against
# gross regressions; make bench reports the figure. dom0's stream loses
# what the pause explains, at most RATE x pause + RATE / 10 (a tenth of
# a second of slack for the stream's own timing).

GUEST_LOGLEVEL=6
. /xvf/xen/lib.sh
PORT_UP=5600
PORT_DOWN=5601
RATE=$(xvf_cmdline_arg xvft.rate)
RATE=${RATE:-500}
PHASE_PACKETS=$((RATE / 2))
# Migrations: a few in make check, 20 in make soak and make bench
# (xvft.migrations=N).
MIGRATIONS=$(xvf_cmdline_arg xvft.migrations)
MIGRATIONS=${MIGRATIONS:-$(repeat 2 20)}

dom0_peer_beside_pf || return
guest_failover_up xvf-host attach $GUEST "$VF_BDF" || return
guest_check guest-agent-starts 60 "agent_start" || {
	guest_console_dump
	return
}
guest_check guest-agent-sees-pair 30 "wait_until 20 agent_sees_pair"

xen_streams_start $PORT_UP $PORT_DOWN $RATE || return
xen_phase_end xvf_e2e steady || return

for i in $(seq "$MIGRATIONS"); do
	check migrate-$i "xvf-host migrate $i failed" \
		host_migrate migrate-$i /tmp/ssh-here /tmp/guest.save
	check migrate-$i-agent-answered "xvfd did not confirm both steps of migration $i" \
		jq -e '.prepare == "ok" and .confirm == "ok" and .vf_attached' /tmp/migrate-$i.json || {
		cat /tmp/migrate-$i.json /tmp/migrate-$i.log
		[ "$i" = 1 ] && guest_console_dump
	}
	pause=$(pause_ms migrate-$i)
	metric xvf_e2e_pause_ms_$i "$pause"
	guest_check migrate-$i-back-on-vf 90 "fo_vf_paired && fo_is hold 0"
	metric xvf_e2e_prepare_round_trip_ms_$i "$(prepare_round_trip_ms migrate-$i)"
	guest_check migrate-$i-agent-timings 30 "agent_publish_reaction" && {
		metric xvf_e2e_agent_reaction_ms_$i "$(guest_data_field xvft-agent reaction_ms)"
		metric xvf_e2e_agent_on_path_ms_$i "$(guest_data_field xvft-agent on_path_ms)"
		metric xvf_e2e_agent_drain_polls_$i "$(guest_data_field xvft-agent drain_polls)"
		metric xvf_e2e_agent_tx_moved_ms_$i "$(guest_data_field xvft-agent tx_moved_ms)"
	}
	xen_phase_end xvf_e2e migrate-$i || break
	allowed=$((RATE * pause / 1000 + RATE / 10))
	check migrate-$i-loss-within-pause \
		"lost down $LOST_down: more than the pause of $pause ms explains ($allowed)" \
		test "$LOST_down" -le "$allowed"
	check migrate-$i-guest-stream-kept \
		"the guest's stream lost $LOST_up (at most $((RATE / 10)))" \
		test "$LOST_up" -le $((RATE / 10))
done

# Two exchanges a migration; the history keeps the last 32.
ok_exchanges=$((2 * MIGRATIONS > 32 ? 32 : 2 * MIGRATIONS))
guest_check guest-agent-history 30 "agent_exchanges_ok $ok_exchanges"
guest_check guest-agent-saw-migrations 30 "agent_saw_migrations $MIGRATIONS"
# xvfd at rest after the migrations: memory and wakeups over 10 s.
guest_check agent-idle-measured 60 "agent_publish_idle 10" && {
	metric xvf_e2e_agent_rss_kib "$(guest_data_field xvft-agent rss_kib)"
	metric xvf_e2e_agent_pss_kib "$(guest_data_field xvft-agent pss_kib)"
	metric xvf_e2e_agent_private_kib "$(guest_data_field xvft-agent private_kib)"
	metric xvf_e2e_agent_idle_wakeups_per_s "$(guest_data_field xvft-agent wakeups_per_s)"
}

# ---- an aborted migration: xl save fails after the detach; the VF comes
# back on this host and the guest is asked to pair it again (PROTOCOL.md
# 5.5) ----
check abort-runs "xvf-host migrate with a failing save did not report" \
	host_migrate abort /tmp/ssh-here /nonexistent/guest.save
check abort-vf-back "after the abort the VF was not attached again and confirmed" \
	jq -e '.migrated == false and .vf_attached and .prepare == "ok" and .confirm == "ok"' /tmp/abort.json
guest_check abort-back-on-vf 90 "fo_vf_paired && fo_is hold 0"
xen_phase_end xvf_e2e abort || return

# ---- the agent SIGKILLed, the migration starts while it is dead, and it
# is started again mid-exchange: the exchange completes ----
guest_check agent-killed 30 "agent_kill"
host_migrate killed /tmp/ssh-here /tmp/guest.save >/dev/null &
MIGRATE=$!
guest_check agent-restarted-mid-exchange 150 "agent_start_on_new_request"
wait $MIGRATE
cat /tmp/killed.json
check restarted-agent-confirmed "the restarted agent did not complete the exchange" \
	jq -e '.migrated and .vf_attached and .prepare == "ok" and .confirm == "ok"' /tmp/killed.json
guest_check killed-back-on-vf 90 "fo_vf_paired && fo_is hold 0"
xen_phase_end xvf_e2e agent-restarted || return

# ---- no agent at all: the host times out and goes on; the kernel's
# failover carries the traffic (an unplanned removal) ----
guest_check agent-stopped 30 "agent_kill"
check no-agent-migrates "xvf-host migrate without an agent failed" \
	host_migrate noagent /tmp/ssh-here /tmp/guest.save
check no-agent-timeouts "the host did not time out on the silent guest and attach the VF" \
	jq -e '.migrated and .vf_attached and .prepare == "timeout" and .confirm == "timeout"' /tmp/noagent.json
pause=$(pause_ms noagent)
metric xvf_e2e_pause_ms_no_agent "$pause"
guest_check no-agent-on-vf 90 "fo_vf_paired"
xen_phase_end xvf_e2e no-agent || return
# Unplanned: the VF is detached under traffic with transmit on it; the
# allowance adds 0.2 s to the pause for the kernel's switch.
allowed=$((RATE * pause / 1000 + RATE / 5))
check no-agent-loss-bounded "lost up $LOST_up, down $LOST_down without the agent (allowed $allowed)" \
	test "$LOST_up" -le "$allowed" -a "$LOST_down" -le "$allowed"
guest_check agent-converges 60 "agent_start && wait_until 20 agent_sees_pair"

# ---- a destination with no VF: there, dom0 itself drives the VF (the
# stand-in for ssh binds it to igbvf before the destination's half), so
# none is free: no-vf, the guest stays on netfront. Last: the VF stays
# with dom0's igbvf (given back to pciback, a later attach did not reach
# the guest; not yet understood) ----
cat >/tmp/ssh-novf <<SSH
#!/bin/sh
shift
echo $VF_BDF >/sys/bus/pci/drivers/pciback/unbind
echo igbvf >/sys/bus/pci/devices/$VF_BDF/driver_override
echo $VF_BDF >/sys/bus/pci/drivers_probe
exec "\$@"
SSH
chmod +x /tmp/ssh-novf
modprobe igbvf
check no-vf-runs "xvf-host migrate to a destination without a free VF failed" \
	host_migrate novf /tmp/ssh-novf /tmp/guest.save
check no-vf-confirmed "the guest did not confirm no-vf, or a VF was attached" \
	jq -e '.migrated and (.vf_attached | not) and .confirm == "ok"' /tmp/novf.json
guest_check no-vf-on-netfront 60 "on_netfront_only"
xen_phase_end xvf_e2e no-vf || return
kill $DOWN_TX 2>/dev/null
stream_stop
guest_kernel_log_check
[ "$XVF_VERBOSE" = 1 ] && guest_console_dump
check guest-destroy "xl destroy failed" $XL destroy $GUEST
