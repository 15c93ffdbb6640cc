# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-net: igb-user
#
# The smallest scenario: the VM boots, the harness hears from it, and it
# powers off. `make bench` times it (vm_boot_seconds).
check init-ran "init could not read /proc/uptime" test -r /proc/uptime
