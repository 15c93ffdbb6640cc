// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvf: the igb family (82576 and I350 VFs).  Both have the same VF
 * register layout; these are the facts the shared core needs about it.
 */
#include <linux/bits.h>

#include "xvf_hw.h"
#include "xvf_kunit.h"

/* VF registers (82576 datasheet, "Virtual Function Registers"). */
#define XVF_IGB_VTCTRL		0x0000
#define XVF_IGB_VTSTATUS	0x0008
#define XVF_IGB_VMBMEM		0x0800
#define XVF_IGB_V2PMAILBOX	0x0c40

#define XVF_IGB_VTCTRL_RST	BIT(26)
#define XVF_IGB_STATUS_LU	BIT(1)
#define XVF_IGB_STATUS_SPEED_SHIFT	6
#define XVF_IGB_STATUS_SPEED_MASK	(3u << XVF_IGB_STATUS_SPEED_SHIFT)

/* Jumbo frames up to 9.5 KB, 30 multicast hashes per message. */
#define XVF_IGB_MAX_FRAME	9728
#define XVF_IGB_MC_MAX		30

static void xvf_igb_reset_function(struct xvf_hw *hw)
{
	xvf_wr(hw, XVF_IGB_VTCTRL, XVF_IGB_VTCTRL_RST);
}

static bool xvf_igb_link_up(struct xvf_hw *hw, unsigned int *speed)
{
	u32 status = xvf_rd(hw, XVF_IGB_VTSTATUS);
	static const unsigned int speeds[] = { 10, 100, 1000, 1000 };

	if (status == 0xffffffffu || !(status & XVF_IGB_STATUS_LU)) {
		*speed = 0;
		return false;
	}
	*speed = speeds[(status & XVF_IGB_STATUS_SPEED_MASK) >>
			XVF_IGB_STATUS_SPEED_SHIFT];
	return true;
}

const struct xvf_family xvf_family_82576 = {
	.name = "82576",
	.mbx_ctl = XVF_IGB_V2PMAILBOX,
	.mbx_mem = XVF_IGB_VMBMEM,
	.max_frame = XVF_IGB_MAX_FRAME,
	.mc_max = XVF_IGB_MC_MAX,
	.reset_function = xvf_igb_reset_function,
	.link_up = xvf_igb_link_up,
};
EXPORT_SYMBOL_FOR_XVF_KUNIT(xvf_family_82576);

const struct xvf_family xvf_family_i350 = {
	.name = "i350",
	.mbx_ctl = XVF_IGB_V2PMAILBOX,
	.mbx_mem = XVF_IGB_VMBMEM,
	.max_frame = XVF_IGB_MAX_FRAME,
	.mc_max = XVF_IGB_MC_MAX,
	.reset_function = xvf_igb_reset_function,
	.link_up = xvf_igb_link_up,
};
