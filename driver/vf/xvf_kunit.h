/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: make internal functions reachable from the KUnit suites, which are
 * built as their own module (xvf_test.ko), without widening the driver's
 * API on kernels that have no KUnit.  The symbols go to a namespace the
 * test module imports.
 */
#ifndef _XVF_KUNIT_H_
#define _XVF_KUNIT_H_

#include <linux/export.h>

#if IS_ENABLED(CONFIG_KUNIT)
#define EXPORT_SYMBOL_FOR_XVF_KUNIT(sym) EXPORT_SYMBOL_NS_GPL(sym, XVF_KUNIT)
#else
#define EXPORT_SYMBOL_FOR_XVF_KUNIT(sym)
#endif

#endif /* _XVF_KUNIT_H_ */
