// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf_test.ko: the KUnit suites of the xvf driver.  Loading it runs them;
 * results appear in /sys/kernel/debug/kunit/<suite>/results.
 */
#include <linux/module.h>

MODULE_DESCRIPTION("KUnit tests for the xvf VF driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(XVF_KUNIT);
