# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-tap-peer
# qemu-build: x82599
# qemu-smp: 1
# qemu-icount: 0
# timeout: 1800
#
# make bench only: the in-tree ixgbevf on a VF of the 82599 test model,
# measured as vm/driver-bench measures igbvf and xvf on QEMU's igb (its
# comments say how: the peer on the host behind a tap, figures per second
# of the guest's busy time, ROUNDS rounds). The anchors xvf's ixgbe family
# will be compared with; QEMU's igb in the same make bench run gives the
# scale. What differs between the two models' figures is the models' cost
# per frame under TCG, not anything silicon would show.
BENCH_PF="ixgbe 8086:10f7"
BENCH_DRIVERS=ixgbevf
. /xvf/scenarios/vm/driver-bench.sh
