#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs inside the real Debian guest when it boots as a plain VM
# (xvf-test-vm.service): the scenario named on the kernel command line
# (xvft.scenario=vm/debian), reported on the second serial port as the
# busybox VM's /init does, then power off. Nothing here sets up the
# network: the packages, udev and systemd-networkd do.
. /xvf/lib.sh
IP=ip
ETHTOOL=ethtool
PATH=$PATH:/xvf/bin
scenario=$(xvf_cmdline_arg xvft.scenario)
[ "$(xvf_cmdline_arg xvft.verbose)" = 1 ] && XVF_VERBOSE=1
xvf_result "start $scenario $(cut -d' ' -f1 /proc/uptime)"
. /xvf/debian-checks.sh
if [ -n "$scenario" ] && [ -f "/xvf/scenarios/$scenario.sh" ]; then
	. "/xvf/scenarios/$scenario.sh"
else
	t_fail scenario-exists "no scenario '$scenario' in this image"
fi
xvf_result "done"
systemctl poweroff --no-block
