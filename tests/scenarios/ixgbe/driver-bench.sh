# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-tap-peer
# qemu-build: x82599
# qemu-smp: 1
# qemu-icount: 0
# timeout: 1800
#
# make bench only: xvf against the in-tree ixgbevf on the same VF of the
# 82599 test model in one boot, alternating, as vm/driver-bench measures
# igbvf and xvf on QEMU's igb (its comments say how: the peer on the host
# behind a tap, figures per second of the guest's busy time, ROUNDS
# rounds). One vCPU: both drivers run one queue pair. ixgbevf's figures
# against igbvf's on QEMU's igb in the same run give the two models'
# scale: their cost per frame under TCG, not anything silicon would show.
BENCH_PF="ixgbe 8086:10f7"
BENCH_DRIVERS="ixgbevf xvf"
. /xvf/scenarios/vm/driver-bench.sh
