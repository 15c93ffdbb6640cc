# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
# qemu-xen: yes
#
# Xen tier: xen/igbvf-passthrough with xvf as the guest's VF driver — a VF
# passed through by xl pci-attach to a PV guest (MAC from dom0, carrier,
# traffic through xvf's rings over swiotlb-xen and pcifront's MSI-X), and
# xl pci-detach with pings in flight.

VF_DRIVER=xvf
. /xvf/scenarios/xen/igbvf-passthrough.sh
