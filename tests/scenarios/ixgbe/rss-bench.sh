# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-tap-peer
# qemu-build: x82599
# qemu-smp: 2
# timeout: 1800
#
# make bench only (xvf_ixgbe_rss_scaling): xvf on VF0 of the 82599 test
# model with two vCPUs, many TCP flows from the peer on the host (as in
# vm/driver-bench, whose helpers this sources), one queue pair against
# two. No -icount: it runs the vCPUs one after the other, so a second
# queue could not show. The figures are per second of the guest's clock,
# which then follows the host's: a round's two measurements are taken
# back to back and the host pairs them, as driver-bench pairs drivers.
# Under TCG the model's receive path runs under QEMU's one lock, so what
# two queues can gain here is the guest's own work spread over two CPUs,
# not what a NIC's parallel queues would give.
BENCH_PF="ixgbe 8086:10f7"
BENCH_DRIVERS="xvf"
BENCH_RSS=1
. /xvf/scenarios/vm/driver-bench.sh
