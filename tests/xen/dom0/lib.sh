# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for dom0 scenarios of the Xen tier (sourced after the guest
# harness's lib.sh): the constants every part uses, then the parts, one
# file per concern:
#   toolstack.sh  Xen's daemons, the guest's config, create, migrate
#   net.sh        the bridge, the igb PF and its VF, passthrough diagnostics
#   guest.sh      checks run in the PV guest (the RPC below), its logs
#   streams.sh    sequence-numbered UDP streams both ways and their phases
#
# dom0 drives every Xen scenario. It asks the guest to run a named check by
# writing "NAME EXPRESSION" to the guest's data/xvft-cmd node; the guest
# (tests/xen/guest/serve.sh) evaluates it and answers "XVFT ok|fail NAME" on its
# console, which xenconsoled logs here. guest_check turns that answer into
# a case of dom0's own, so all results leave through dom0's result port.

XEN_BIN=/usr/lib/xen-4.17/bin
# Every xl command is bounded: if xl hangs while dom0 lives, the case
# fails with the timeout (exit 143) and the scenario goes on to report,
# instead of the whole run hanging until the harness kills QEMU.
XL="timeout 120 $XEN_BIN/xl"
GUEST=guest
GUEST_LOG=/var/log/xen/console/guest-$GUEST.log
BRIDGE=xenbr0
DOM0_ADDR=10.99.0.1
GUEST_ADDR=10.99.0.2
GUEST_MAC=02:58:56:46:00:01
# The guest kernel's console loglevel; a scenario may raise it to see its
# drivers' info messages in the guest console log.
GUEST_LOGLEVEL=${GUEST_LOGLEVEL:-5}
# The guest's memory in MiB; more for a debug kernel (KASAN's shadow,
# kmemleak): xvft.guest_memory=MiB on dom0's command line.
GUEST_MEMORY=$(xvf_cmdline_arg xvft.guest_memory)
GUEST_MEMORY=${GUEST_MEMORY:-256}

# Seconds since boot, with hundredths (busybox date has no %N).
now() { cut -d' ' -f1 /proc/uptime; }
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

XVF_XEN_LIB=${XVF_XEN_LIB:-/xvf/xen}
. "$XVF_XEN_LIB/toolstack.sh"
. "$XVF_XEN_LIB/net.sh"
. "$XVF_XEN_LIB/guest.sh"
. "$XVF_XEN_LIB/streams.sh"
