# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: x82599-user
# qemu-build: x82599
# timeout: 900
#
# vm/xvf-driver's cases with xvf's ixgbe family on the 82599 test model,
# under the Debian kernel's own ixgbe as the PF. What that PF does unlike
# igb's (trust for all-multicast, jumbo frames only under a jumbo PF,
# multicast hashes kept until it rebuilds its table) is named here and
# checked there.
DRIVER_PF="ixgbe 8086:10f7"
ALLMULTI_NEEDS_TRUST=1
JUMBO_NEEDS_PF_JUMBO=1
MC_LEFT_KEPT_BY_PF=1
# The newest mailbox API Debian 12's ixgbe and xvf both speak.
EXPECT_MBX_API=1.4
# Two queue pairs, RSS across them (the PF's table, PSRTYPE.RQPL).
QUEUE_PAIRS=2
# The PF hands out its RSS table and key to a VF the admin lets ask.
RSS_QUERY=1
. /xvf/scenarios/vm/xvf-driver.sh
