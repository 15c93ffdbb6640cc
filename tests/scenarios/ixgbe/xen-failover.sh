# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-user
# qemu-build: x82599
# qemu-xen: yes
# timeout: 1500
#
# xen/failover's phases with xvf on a VF of the 82599 test model under
# real Xen: dom0's ixgbe (Debian 12's) gives the VF the guest's netfront
# MAC, xl passes it through, xvf drives it in the PV guest (one queue
# pair: the guest has one vCPU) and xvf_failover pairs it with netfront;
# the surprise and planned detaches, the return, the MTU change and the
# detach/attach cycles, with the two UDP streams counted per phase.
DOM0_PF="ixgbe 8086:10f7"
. /xvf/scenarios/xen/failover.sh
