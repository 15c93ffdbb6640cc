// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: fault injection for the tests.  /sys/kernel/debug/xvf/fail_rx_page
 * holds the kernel's fault_attr knobs (probability, interval, times, ...)
 * for the RX ring's page allocations, so that a test can starve xvf's
 * rings alone: fail_page_alloc fails everyone's pages, and its stack-trace
 * filter, which could tell xvf's apart, is not built on x86_64.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/mm.h>

#include "xvf_fault.h"

static DECLARE_FAULT_ATTR(xvf_fail_rx_page);
static struct dentry *xvf_debugfs_dir;

/* Debugfs failures are not the driver's: it works without the knobs. */
void xvf_fault_init(void)
{
	xvf_debugfs_dir = debugfs_create_dir("xvf", NULL);
	fault_create_debugfs_attr("fail_rx_page", xvf_debugfs_dir,
				  &xvf_fail_rx_page);
}

void xvf_fault_exit(void)
{
	debugfs_remove_recursive(xvf_debugfs_dir);
}

bool xvf_fault_rx_page(void)
{
	return should_fail(&xvf_fail_rx_page, PAGE_SIZE);
}
