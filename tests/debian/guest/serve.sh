#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the real Debian guest (xvf-test-serve.service): serve the
# checks of dom0's scenario (tests/scenarios/xen/debian.sh) with the
# guest's own tools. Unlike the busybox guest, nothing here sets up the
# network: the packages and systemd-networkd do.
. /xvf/lib.sh
IP=ip
ETHTOOL=ethtool
results_dev=$(xvf_cmdline_arg xvft.results)
RESULTS=/dev/${results_dev:-hvc0}
[ "$(xvf_cmdline_arg xvft.verbose)" = 1 ] && XVF_VERBOSE=1
xvf_result "start debian $(cut -d' ' -f1 /proc/uptime)"
helpers=/xvf/scenarios/$(xvf_cmdline_arg xvft.helpers).guest
[ -f "$helpers" ] && . "$helpers"
. /xvf/serve-checks.sh
serve_dom0_checks
