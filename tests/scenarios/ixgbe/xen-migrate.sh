# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-user
# qemu-build: x82599
# qemu-xen: yes
# timeout: 900
#
# xen/migrate-e2e with a VF of the 82599 test model: dom0's ixgbe
# (Debian 12's) gives the VF the guest's netfront MAC, xvf-host attaches
# it, xvf drives it in the PV guest and xvf_failover pairs it with
# netfront, xvfd answers the host. The anchor (plain xl migrate refused
# while the guest holds the VF), then one xvf-host migrate (1 in make
# check, 20 in make soak) with the two UDP streams: nothing lost outside
# Xen's pause, the guest back on a VF of the same model. The phases
# after (abort, agent killed, no agent, no VF, netfront alone) are the
# protocol's, not the NIC's: xen/migrate-e2e runs them on the 82576.
DOM0_PF="ixgbe 8086:10f7"
E2E_MIGRATIONS_ONLY=1
. /xvf/scenarios/xen/migrate-e2e.sh
