#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# xvf-host without Xen: a made-up sysfs tree (XVF_SYSFS) with one SR-IOV PF
# and two VFs, and xvf-test-xenstored holding dom0's record of which guest
# has which VF. Checks list (text and JSON), pick, and the errors for bad
# input. One line per case: PASS|FAIL unit/xvf-host/<case>.
#   xvf-host.sh XVF_HOST_BINARY XENSTORE_SERVER_BINARY
set -uo pipefail

host=$1 server=$2
dir=$(mktemp -d)
trap 'kill $spid 2>/dev/null; wait $spid 2>/dev/null; rm -rf "$dir"' EXIT

# sysfs: PF 0000:01:00.0 (netdev enp1s0), VFs 0000:01:10.0 and 0000:01:10.2.
dev=$dir/sys/bus/pci/devices
mkdir -p "$dev/0000:01:00.0/net/enp1s0" "$dir/sys/bus/pci/drivers/pciback"
echo 7 >"$dev/0000:01:00.0/sriov_totalvfs"
echo 2 >"$dev/0000:01:00.0/sriov_numvfs"
for i in 0 1; do
	vf=0000:01:10.$((i * 2))
	mkdir -p "$dev/$vf"
	ln -s "../$vf" "$dev/0000:01:00.0/virtfn$i"
	ln -s ../0000:01:00.0 "$dev/$vf/physfn"
	ln -s ../../../bus/pci/drivers/pciback "$dev/$vf/driver"
done
export XVF_SYSFS=$dir/sys XENSTORED_PATH=$dir/dom0

"$server" --ready "$dir/ready" 0:"$dir/dom0" 2>"$dir/server.log" &
spid=$!
end=$((SECONDS + 10))
until [ -e "$dir/ready" ] || [ $SECONDS -ge $end ]; do sleep 0.05; done

CASE_SUITE=xvf-host
. "$(dirname "$0")/case.sh"

check list-shows-vfs "list did not show the PF and both VFs, unheld" sh -c '
	out=$("$0" list) &&
	echo "$out" | grep -qx "0000:01:00.0 enp1s0: 2 of 7 VFs" &&
	echo "$out" | grep -q "^  vf 0 0000:01:10.0 driver pciback mac ? guest -$" &&
	echo "$out" | grep -q "^  vf 1 0000:01:10.2 driver pciback mac ? guest -$"' "$host"
check pick-first-free "pick did not offer VF 0" \
	sh -c '[ "$("$0" pick enp1s0)" = "0000:01:10.0 0" ]' "$host"

# A PF whose netdev answers RTM_GETLINK without a VF list (here: lo, which
# has no PCI parent). The kernel leaves the list out too when the PF driver
# cannot report a VF at that moment; list once crashed on it in dom0.
pf2=$dev/0000:02:00.0
mkdir -p "$pf2/net/lo" "$dev/0000:02:10.0"
echo 7 >"$pf2/sriov_totalvfs"
echo 1 >"$pf2/sriov_numvfs"
ln -s ../0000:02:10.0 "$pf2/virtfn0"
ln -s ../0000:02:00.0 "$dev/0000:02:10.0/physfn"
check list-pf-without-vf-info "list failed on a PF whose link reports no VF list" sh -c '
	out=$("$0" list) &&
	echo "$out" | grep -qx "0000:02:00.0 lo: 1 of 7 VFs" &&
	echo "$out" | grep -q "^  vf 0 0000:02:10.0 driver - mac ? guest -$"' "$host"
rm -rf "$pf2" "$dev/0000:02:10.0"

# dom0's backend record: domain 3 ("web") holds VF 0.
xenstore-write /local/domain/0/backend/pci/3/0/dev-0 0000:01:10.0 \
	/local/domain/0/backend/pci/3/0/vdevfn-0 0 /local/domain/3/name web
check list-names-holder "list -j did not name the guest holding VF 0" sh -c '
	"$0" list -j | python3 -c "
import json, sys
vfs = json.load(sys.stdin)[0][\"vfs\"]
assert vfs[0][\"guest\"] == \"web\" and vfs[1][\"guest\"] is None, vfs"' "$host"
check pick-skips-held "pick offered a VF a guest holds" \
	sh -c '[ "$("$0" pick enp1s0)" = "0000:01:10.2 1" ]' "$host"
xenstore-write /local/domain/0/backend/pci/4/0/dev-0 0000:01:10.2
check pick-none-free "pick did not fail when every VF is held" \
	sh -c '! "$0" pick enp1s0 >/dev/null 2>&1 && "$0" pick enp1s0 2>&1 | grep -q "every VF of enp1s0 is held"' "$host"
check pick-unknown-pf "pick of an unknown PF did not fail clearly" \
	sh -c '! "$0" pick eth9 2>/dev/null && "$0" pick eth9 2>&1 | grep -q "no SR-IOV PF with netdev eth9"' "$host"
check rejects-bad-mac "set-mac accepted a bad MAC" \
	sh -c '"$0" set-mac enp1s0 0 02:58:56:46:00 2>&1; [ $? -eq 2 ]' "$host"
check rejects-bad-index "set-mac accepted a bad VF index" \
	sh -c '"$0" set-mac enp1s0 -1 02:58:56:46:00:01 2>&1; [ $? -eq 2 ]' "$host"
check rejects-bad-bdf "attach accepted a bad PCI address" \
	sh -c '"$0" attach web "0000:01:10.0;reboot" 2>&1 | grep -q "not a PCI address"' "$host"
check usage "no arguments did not print usage" \
	sh -c '"$0" >/dev/null 2>&1; [ $? -eq 2 ] && "$0" 2>&1 | grep -q "^usage: xvf-host list"' "$host"
check migrate-unknown-guest "migrate of an unknown guest did not fail" \
	sh -c 'XVF_XL=false "$0" migrate nosuch localhost 2>&1 | grep -q "nosuch"' "$host"
