/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xvf: fault injection for the tests, present only in kernels built with
 * CONFIG_FAULT_INJECTION_DEBUG_FS (the project's debug kernel, not the
 * distributions' kernels).
 */
#ifndef XVF_FAULT_H
#define XVF_FAULT_H

#include <linux/types.h>

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
void xvf_fault_init(void);
void xvf_fault_exit(void);
bool xvf_fault_rx_page(void);
#else
static inline void xvf_fault_init(void) {}
static inline void xvf_fault_exit(void) {}
static inline bool xvf_fault_rx_page(void) { return false; }
#endif

#endif
