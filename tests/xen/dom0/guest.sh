# SPDX-License-Identifier: GPL-2.0-or-later
# Xen tier, dom0: checks run in the PV guest and what its console shows (sourced by lib.sh).

# The guest's console, as xenconsoled logs it: to a file named after the
# domain when xenconsoled first saw it. A guest that arrived by live
# migration was created as NAME--incoming and renamed after, so it writes
# to a second file; a restored one is created under its own name again.
GUEST_LOGS="$GUEST_LOG ${GUEST_LOG%.log}--incoming.log"
# guest_console_mark: where those files end now ("SIZE SIZE ").
guest_console_mark() {
	for f in $GUEST_LOGS; do
		printf '%s ' "$(stat -c %s "$f" 2>/dev/null || echo 0)"
	done
}
# guest_console_since MARK: what the guest wrote since MARK (all of it
# for an empty MARK), carriage returns dropped.
guest_console_since() {
	local marks=$1 f m
	for f in $GUEST_LOGS; do
		m=${marks%% *} marks=${marks#* }
		[ -f "$f" ] && tail -c +$((${m:-0} + 1)) "$f"
	done | tr -d '\r'
}
guest_console() { guest_console_since ""; }

# The guest's answer to the check sent at GUEST_MARK: ok, fail or nothing
# yet.
guest_answer() {
	guest_console_since "$GUEST_MARK" |
		grep -E "^XVFT (ok|fail) $1( |\$)" | tail -n1 | cut -d' ' -f2
}

# guest_do NAME SECONDS 'EXPRESSION': run EXPRESSION in the guest, bounded;
# its status is the guest's answer (no answer in time is a failure), and
# GUEST_WHY says why on failure. Reports no case of its own.
guest_do() {
	local name=$1 limit=$2 expr=$3 domid
	GUEST_WHY=
	# xl domid can fail for a moment right after another xl command
	# (seen once after pci-attach): the domain is looked up, bounded.
	if ! wait_until 10 '[ -n "$(guest_domid)" ]' >/dev/null 2>&1; then
		GUEST_WHY="no guest domain: $($XL domid $GUEST 2>&1 | head -n1)"
		return 1
	fi
	domid=$(guest_domid)
	GUEST_MARK=$(guest_console_mark)
	xenstore-write "/local/domain/$domid/data/xvft-cmd" "$name $expr"
	if wait_until "$limit" '[ -n "$(guest_answer '"$name"')" ]' >/dev/null 2>&1 &&
		[ "$(guest_answer "$name")" = ok ]; then
		return 0
	fi
	GUEST_WHY=$(guest_console_since "$GUEST_MARK" | grep -E "^XVFT fail $name " | tail -n1 | cut -d' ' -f4-)
	if [ -z "$GUEST_WHY" ]; then
		GUEST_WHY="guest did not answer within ${limit}s ($(guest_state))"
		guest_stack_dump "$domid"
	fi
	return 1
}

# guest_stack_dump DOMID: where a guest that does not answer is, once a
# run: its vCPUs' registers and stacks (xenctx), by symbol where the
# guest kernel's System.map came along (a built kernel's; Debian's
# stock one has none).
guest_stack_dump() {
	local map=/xvf/guest/System.map sym=
	[ -e /tmp/guest-stack-dumped ] && return 0
	: >/tmp/guest-stack-dumped
	[ -s "$map" ] && sym="-s $map"
	echo "----- guest (domain $1): its vCPUs (xenctx) -----"
	# shellcheck disable=SC2086 # $sym: no option, or the option and its path
	timeout 60 "$XEN_BIN/xenctx" -S -C $sym "$1" 2>&1 | head -n 200
	echo "----- end of guest vCPUs -----"
}

# guest_state: what dom0 sees of a guest that does not answer, for the
# case's reason (the console dump may be cut from a CI report): its
# state and CPU time in xl list, and its console's last line.
guest_state() {
	local state
	state=$($XL list "$GUEST" 2>/dev/null | awk 'NR == 2 { print "state " $5 ", " $6 " s of CPU" }')
	printf '%s; console ends: %s' "${state:-no domain}" \
		"$(guest_console | grep -v '^[[:space:]]*$' | tail -n1 | cut -c1-160)"
}

# guest_check NAME SECONDS 'EXPRESSION': guest_do as a case named NAME.
guest_check() {
	t_begin "$1"
	if guest_do "$@"; then
		t_ok "$1"
		return 0
	fi
	t_fail "$1" "$GUEST_WHY"
	return 1
}

# Known upstream warnings that are not ours, by a line unique to each.
# xen-pcifront in 6.1 removes its root bus twice when the last passed-
# through device goes away (xl pci-detach), and sysfs warns on the second
# removal: "sysfs group 'power' not found for kobject '0000:00'".
GUEST_KNOWN_WARNINGS="sysfs group 'power' not found for kobject '0000:00'"

# The guest console without the report blocks of known upstream warnings.
guest_log_without_known_warnings() {
	guest_console | awk -v known="$GUEST_KNOWN_WARNINGS" '
		/-+\[ cut here \]-+/ { inblock = 1; block = $0 "\n"; skip = 0; next }
		inblock {
			block = block $0 "\n"
			if (index($0, known)) skip = 1
			if ($0 ~ /---\[ end trace/) {
				if (!skip) printf "%s", block
				inblock = 0
			}
			next
		}
		{ print }
		END { if (inblock && !skip) printf "%s", block }'
}

# Kernel reports in the guest's console fail a case of their own; the
# report and what follows it go to dom0's console for the log. A debug
# guest is scanned for leaks first.
guest_kernel_log_check() {
	guest_kmemleak_check
	t_begin guest-kernel-log
	guest_log_without_known_warnings >/tmp/guest-log-checked
	if grep -n -E -f /xvf/kernel-report.re /tmp/guest-log-checked >/tmp/guest-reports; then
		first=$(head -n1 /tmp/guest-reports | cut -d: -f1)
		echo "----- guest kernel report -----"
		sed -n "$((first > 5 ? first - 5 : 1)),$((first + 40))p" /tmp/guest-log-checked
		echo "----- end of guest kernel report -----"
		t_fail guest-kernel-log "$(head -n1 /tmp/guest-reports | cut -d: -f2-)"
	else
		t_ok guest-kernel-log
	fi
}

# On a debug guest kernel (kmemleak): a scan of the guest finds no leak.
# Nothing on a kernel without kmemleak.
guest_kmemleak_check() {
	guest_do has-kmemleak 30 "[ -w /sys/kernel/debug/kmemleak ]" || return 0
	guest_check guest-kmemleak 600 "kmemleak_clean"
}

# guest_failover_up ATTACH-COMMAND...: the PV guest (xen/failover.guest's
# helpers) with xfo0 over netfront carrying its address, then the VF
# attached by the command and paired under xvf. After
# dom0_peer_beside_pf, which finds the VF the command names.
guest_failover_up() {
	guest_up_with_passthrough || return 1
	guest_check guest-master 60 "fo_setup $GUEST_ADDR/24" || {
		guest_console_dump
		return 1
	}
	check pci-attach "attaching the VF failed: $*" "$@" || return 1
	guest_check guest-vf-paired 90 "modprobe xvf && fo_vf_paired" || {
		guest_console_dump
		return 1
	}
}

guest_console_dump() {
	for f in $GUEST_LOGS; do
		[ -f "$f" ] || continue
		echo "----- guest console ($f) -----"
		cat "$f"
		echo "----- end of guest console -----"
	done
}

# The guest's console in the log, once, for the first failure that needs
# it.
guest_console_dump_once() {
	[ -e /tmp/guest-console-dumped ] && return
	: >/tmp/guest-console-dumped
	guest_console_dump
}
