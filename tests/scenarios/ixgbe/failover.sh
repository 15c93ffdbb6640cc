# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-hub-virtio
# qemu-build: x82599
# kernel-args: loglevel=7 iomem=relaxed
# timeout: 1200
#
# vm/failover's phases with xvf's ixgbe family on a VF of the 82599 test
# model (the in-tree ixgbe as the PF, the peer): xvf_failover pairs the VF
# with virtio-net (netfront's stand-in), bonding is the anchor on the same
# pair.
DRIVER_PF="ixgbe 8086:10f7"
. /xvf/scenarios/vm/failover.sh
