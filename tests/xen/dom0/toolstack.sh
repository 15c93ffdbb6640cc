# SPDX-License-Identifier: GPL-2.0-or-later
# Xen tier, dom0: Xen's toolstack: its daemons, the PV guest's config and creation,
# migration through xvf-host (sourced by lib.sh).

xen_start_toolstack() {
	for m in xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs \
		bridge xen-netback xen-pciback; do
		modprobe "$m" || return 1
	done
	mount -t xenfs xenfs /proc/xen || return 1
	# libxl keeps its locks in /var/run/xen: /var/run must be /run.
	mkdir -p /var /run/xen /run/xenstored /var/lib/xen /var/lib/xenstored \
		/var/log/xen/console
	[ -L /var/run ] || ln -s /run /var/run
	"$XEN_BIN/xenstored" --pid-file /run/xenstored.pid || return 1
	"$XEN_BIN/xen-init-dom0" || return 1
	"$XEN_BIN/xenconsoled" --pid-file /run/xenconsoled.pid \
		--log=guest --log-dir=/var/log/xen/console --timestamp=none
}

# xen_guest_config TYPE [EXTRA-XL-LINES]: the guest's xl config on stdout.
# TYPE pv: what PCI passthrough with pcifront needs, and what every
# scenario uses. (No HVM or PVH guest boots in this test bed: QEMU's TCG
# types every control-register read of a nested SVM guest as a CR0 read,
# so the guest kernel reads 0 for CR2 at its first page fault and halts;
# docs/testing.md, "HVM and PVH guests", and tests/xen/hvm-probe.sh.)
xen_guest_config() {
	cat <<CFG
name = "$GUEST"
type = "$1"
kernel = "/xvf/guest/vmlinuz"
ramdisk = "/xvf/guest/initrd.gz"
extra = "console=hvc0 loglevel=$GUEST_LOGLEVEL xvft.scenario=xen/serve xvft.results=hvc0 xvft.addr=$GUEST_ADDR/24 xvft.helpers=$scenario xvft.verbose=$XVF_VERBOSE"
memory = $GUEST_MEMORY
vcpus = 1
on_crash = "preserve"
vif = [ 'mac=$GUEST_MAC,bridge=$BRIDGE,script=/etc/xen/scripts/vif-xvf' ]
$2
CFG
}

guest_domid() {
	$XL domid $GUEST 2>/dev/null
}

# A stand-in for ssh so `xl migrate` can hand the domain to an
# `xl migrate-receive` on this same host: drop the host, run the rest.
LOCAL_SSH=/xvf/local-ssh

# The PV guest, allowed passthrough, created and answering over netfront.
guest_up_with_passthrough() {
	xen_guest_config pv 'passthrough = "enabled"' >/tmp/guest.cfg
	check guest-create "xl create failed" $XL create /tmp/guest.cfg || {
		guest_console_dump
		return 1
	}
	guest_check guest-netfront-ping-dom0 400 "ping -c 3 -W 2 $DOM0_ADDR" || guest_console_dump
}

# A stand-in for ssh that runs the destination's half here: xvf-host
# migrate --via /tmp/ssh-here (the host argument is dropped; each call
# is logged in /tmp/ssh.log).
cat >/tmp/ssh-here <<'SSH'
#!/bin/sh
echo "$*" >>/tmp/ssh.log
shift
exec "$@"
SSH
chmod +x /tmp/ssh-here

# host_migrate NAME VIA [OPTION...]: xvf-host [OPTION...] migrate of the
# guest to localhost, a live migration (xl migrate, pre-copy), the
# destination's half through VIA. Its JSON in /tmp/NAME.json and printed; true if there is a JSON
# outcome (a failed migration has one too). (xl save + restore with
# xvf-host: xen/host-migrate.)
host_migrate() {
	local name=$1 via=$2
	shift 2
	timeout 300 xvf-host "$@" migrate $GUEST localhost --via "$via" -j \
		>/tmp/$name.json 2>/tmp/$name.log
	cat /tmp/$name.json
	outcome_is "$name" .
}
# outcome_is NAME FILTER: /tmp/NAME.json holds exactly one JSON object and
# FILTER is true of it. (Plain `jq -e` exits 0 on an empty file, so a
# migrate that wrote nothing passed every check on its outcome.)
outcome_is() {
	jq -e -s "length == 1 and (.[0] | type == \"object\") and (.[0] | $2)" \
		/tmp/$1.json >/dev/null
}
# step_gap_ms NAME FROM TO: from xvf-host's first step FROM to its first
# step TO in /tmp/NAME.json.
step_gap_ms() {
	jq --arg from "$2" --arg to "$3" \
		'([.steps[] | select(.step == $to) | .ms][0]) - ([.steps[] | select(.step == $from) | .ms][0])' \
		/tmp/$1.json
}
# prepare_round_trip_ms NAME: the prepare-detach request written to the
# guest's "ready" read back: xenstore's watch delivery both ways plus
# xvfd's reaction.
prepare_round_trip_ms() { step_gap_ms "$1" "request written" "guest ready"; }
# move_ms NAME: the VF detached to the guest running on the destination
# (the whole of xl migrate: pre-copy and the guest's pause).
move_ms() { step_gap_ms "$1" detached migrated; }
# pv_window_ms NAME: the guest ready for the detach (its transmit held on
# netfront) to the destination's half done (a VF attached there and the
# guest's confirmation read): the time the guest ran on the PV path.
pv_window_ms() { step_gap_ms "$1" "guest ready" "destination's half done"; }
