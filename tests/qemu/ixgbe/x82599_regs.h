/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Register map of the Intel 82599 10 GbE controller and its virtual
 * function, as far as the xvf test model (x82599.c, x82599_vf.c) needs
 * it. Offsets and bits are the datasheet's (82599 10 GbE Controller
 * Datasheet, section 8); names are the model's own.
 */
#ifndef X82599_REGS_H
#define X82599_REGS_H

/* PCI identity */
#define X82599_VENDOR_INTEL          0x8086
/* KX4 backplane: no SFP module to identify, link from AUTOC/LINKS. */
#define X82599_DEV_ID_KX4            0x10f7
#define X82599_VF_DEV_ID             0x10ed
#define X82599_MAX_VFS               63
#define X82599_VF_OFFSET             0x80
#define X82599_VF_STRIDE             2

/* PF BARs: BAR0 registers (128 KiB, 64-bit), BAR4 MSI-X (16 KiB). */
#define X82599_MMIO_SIZE             (128 * 1024)
#define X82599_MSIX_SIZE             (16 * 1024)
#define X82599_MSIX_BAR              4
#define X82599_MSIX_VECTORS          64
#define X82599_MSIX_PBA_OFFSET       0x2000
/* VF BARs: BAR0 registers (16 KiB), BAR3 MSI-X (16 KiB), 3 vectors. */
#define X82599_VF_MMIO_SIZE          (16 * 1024)
#define X82599_VF_MSIX_BAR           3
#define X82599_VF_MSIX_VECTORS       3

#define X82599_QUEUES                128
#define X82599_POOLS                 64
#define X82599_RAR_ENTRIES           128

/* General control */
#define X_CTRL                       0x00000
#define X_CTRL_GIO_DIS               (1u << 2)
#define X_CTRL_LNK_RST               (1u << 3)
#define X_CTRL_RST                   (1u << 26)
#define X_STATUS                     0x00008
#define X_STATUS_LAN_ID_SHIFT        2
#define X_STATUS_LINK_UP             (1u << 7)
#define X_STATUS_GIO                 (1u << 19)
#define X_CTRL_EXT                   0x00018
#define X_CTRL_EXT_PFRSTD            (1u << 14)
#define X_ESDP                       0x00020
#define X_FRTIMER                    0x00048

/* Interrupts (PF) */
#define X_PFMBICR(i)                 (0x00710 + 4 * (i))   /* 4 */
#define X_PFMBIMR(i)                 (0x00720 + 4 * (i))   /* 4 */
#define X_VFLRE(i)                   ((i) ? 0x001c0 : 0x00600) /* 2 */
#define X_VFLREC(i)                  (0x00700 + 4 * (i))   /* 2 */
#define X_EICR                       0x00800
#define X_EICS                       0x00808
#define X_EIAC                       0x00810
#define X_EITR_LOW(i)                (0x00820 + 4 * (i))   /* 0..23 */
#define X_EITR_HIGH(i)               (0x012300 + 4 * ((i) - 24))
#define X_EIMS                       0x00880
#define X_EIMC                       0x00888
#define X_EIAM                       0x00890
#define X_GPIE                       0x00898
#define X_GPIE_MSIX_MODE             (1u << 4)
#define X_GPIE_OCD                   (1u << 5)
#define X_GPIE_EIAME                 (1u << 30)
#define X_GPIE_PBA_SUPPORT           (1u << 31)
#define X_GPIE_VTMODE_SHIFT          14
#define X_GPIE_VTMODE_MASK           (3u << 14)
#define X_IVAR(i)                    (0x00900 + 4 * (i))   /* 64 */
#define X_IVAR_MISC                  0x00a00
#define X_IVAR_VALID                 0x80
#define X_EICS_EX(i)                 (0x00a90 + 4 * (i))   /* 2 */
#define X_EIMS_EX(i)                 (0x00aa0 + 4 * (i))
#define X_EIMC_EX(i)                 (0x00ab0 + 4 * (i))
#define X_EIAM_EX(i)                 (0x00ad0 + 4 * (i))
/* EICR causes beyond the 16 queue bits */
#define X_EICR_RTX_QUEUE             0x0000ffffu
#define X_EICR_MAILBOX               (1u << 19)
#define X_EICR_LSC                   (1u << 20)
#define X_EICR_OTHER                 (1u << 31)

/* Receive queues: 0..63 at 0x01000, 64..127 at 0x0d000, 0x40 apart */
#define X_RQ_BASE(q)                 ((q) < 64 ? 0x01000 + 0x40 * (q) \
					       : 0x0d000 + 0x40 * ((q) - 64))
#define X_RDBAL                      0x00
#define X_RDBAH                      0x04
#define X_RDLEN                      0x08
#define X_DCA_RXCTRL                 0x0c
#define X_RDH                        0x10
#define X_SRRCTL                     0x14
#define X_RDT                        0x18
#define X_RXDCTL                     0x28
#define X_RXDCTL_ENABLE              (1u << 25)
#define X_RXDCTL_VME                 (1u << 30)
#define X_SRRCTL_BSIZEPKT_MASK       0x1fu          /* 1 KiB units */
#define X_SRRCTL_DESCTYPE_SHIFT      25
#define X_SRRCTL_DESCTYPE_MASK       (7u << 25)
#define X_SRRCTL_DESCTYPE_ADV_ONEBUF 1
#define X_SRRCTL_DROP_EN             (1u << 28)
#define X_RDRXCTL                    0x02f00
#define X_RDRXCTL_DMAIDONE           (1u << 3)
#define X_RXCTRL                     0x03000
#define X_RXCTRL_RXEN                (1u << 0)

/* Receive filters */
#define X_FCTRL                      0x05080
#define X_FCTRL_MPE                  (1u << 8)
#define X_FCTRL_UPE                  (1u << 9)
#define X_FCTRL_BAM                  (1u << 10)
#define X_VLNCTRL                    0x05088
#define X_VLNCTRL_VFE                (1u << 30)
#define X_MCSTCTRL                   0x05090
#define X_MCSTCTRL_MFE               (1u << 2)
#define X_MTA(i)                     (0x05200 + 4 * (i))   /* 128 */
/* 0..15 also at 0x05480 */
#define X_PSRTYPE(i)                 (0x0ea00 + 4 * (i))   /* 64 */
#define X_PSRTYPE_RQPL_SHIFT         29    /* RSS queues: 1 << RQPL */
#define X_PSRTYPE_RQPL_MASK          3u
#define X_VT_CTL                     0x051b0
#define X_VT_CTL_VT_ENABLE           (1u << 0)
#define X_VT_CTL_POOL_SHIFT          7
#define X_VT_CTL_POOL_MASK           (0x3fu << 7)
#define X_VT_CTL_DIS_DEFPL           (1u << 29)
#define X_VT_CTL_REPLEN              (1u << 30)
#define X_VFRE(i)                    (0x051e0 + 4 * (i))   /* 2 */
#define X_MRQC                       0x05818
#define X_MRQC_MRQE_MASK             0xfu
#define X_MRQC_MRQE_RSS              0x1u  /* RSS, no virtualization */
#define X_MRQC_MRQE_VMDQ_RSS32       0xau  /* 32 pools of 4 queues, RSS */
#define X_MRQC_MRQE_VMDQ_RSS64       0xbu  /* 64 pools of 2 queues, RSS */
#define X_MRQC_TCP_IPV4              (1u << 16)
#define X_MRQC_IPV4                  (1u << 17)
#define X_MRQC_IPV6                  (1u << 20)
#define X_MRQC_TCP_IPV6              (1u << 21)
#define X_MRQC_UDP_IPV4              (1u << 22)
#define X_MRQC_UDP_IPV6              (1u << 23)
#define X_RETA(i)                    (0x05c00 + 4 * (i))   /* 32 */
#define X_RSSRK(i)                   (0x05c80 + 4 * (i))   /* 10 */
#define X_VFTA(i)                    (0x0a000 + 4 * (i))   /* 128 */
/* 0..15 also at 0x05400 */
#define X_RAL(i)                     (0x0a200 + 8 * (i))   /* 128 */
#define X_RAH(i)                     (0x0a204 + 8 * (i))
#define X_RAH_AV                     (1u << 31)
#define X_MPSAR_LO(i)                (0x0a600 + 8 * (i))
#define X_MPSAR_HI(i)                (0x0a604 + 8 * (i))
#define X_VMOLR(i)                   (0x0f000 + 4 * (i))   /* 64 */
#define X_VMOLR_UPE                  (1u << 22)
#define X_VMOLR_VPE                  (1u << 23)
#define X_VMOLR_AUPE                 (1u << 24)
#define X_VMOLR_ROMPE                (1u << 25)
#define X_VMOLR_ROPE                 (1u << 26)
#define X_VMOLR_BAM                  (1u << 27)
#define X_VMOLR_MPE                  (1u << 28)
#define X_VLVF(i)                    (0x0f100 + 4 * (i))   /* 64 */
#define X_VLVF_VIEN                  (1u << 31)
#define X_VLVF_VLANID_MASK           0xfffu
#define X_VLVFB(i)                   (0x0f200 + 4 * (i))   /* 128 */
#define X_VMVIR(i)                   (0x08000 + 4 * (i))   /* 64 */

/* Transmit */
#define X_TQ_BASE(q)                 (0x06000 + 0x40 * (q))
#define X_TDBAL                      0x00
#define X_TDBAH                      0x04
#define X_TDLEN                      0x08
#define X_TDH                        0x10
#define X_TDT                        0x18
#define X_TXDCTL                     0x28
#define X_TXDCTL_ENABLE              (1u << 25)
#define X_TXDCTL_SWFLSH              (1u << 26)
#define X_TDWBAL                     0x38
#define X_TDWBAH                     0x3c
#define X_DMATXCTL                   0x04a80
#define X_DMATXCTL_TE                (1u << 0)
#define X_VFTE(i)                    (0x08110 + 4 * (i))   /* 2 */
#define X_MTQC                       0x08120
#define X_PFVFSPOOF(i)               (0x08200 + 4 * (i))   /* 8 */
#define X_PFDTXGSWC                  0x08220
#define X_PFDTXGSWC_VT_LBEN          (1u << 0)

/* MAC, PHY access and link */
#define X_HLREG0                     0x04240
#define X_MSCA                       0x0425c
#define X_MSCA_MDI_COMMAND           (1u << 30)
#define X_MSRWD                      0x04260
#define X_MAXFRS                     0x04268
#define X_AUTOC                      0x042a0
#define X_LINKS                      0x042a4
#define X_LINKS_LINK_STATUS          (1u << 7)
#define X_LINKS_SPEED_10G            (3u << 28)
#define X_LINKS_UP                   (1u << 30)
#define X_LINKS_KX_AN_COMP           (1u << 31)
#define X_AUTOC2                     0x042a8
#define X_ANLP1                      0x042b0
#define X_ANLP1_AN_STATE_SHIFT       16
/* Security (IPsec) block and flow director: handshakes only. */
#define X_SECRXSTAT                  0x08d04
#define X_SECRXSTAT_SECRX_RDY        (1u << 0)
#define X_FDIRCTRL                   0x0ee00
#define X_FDIRCTRL_INIT_DONE         (1u << 3)
#define X_FDIRCMD                    0x0ee2c
#define X_FDIRCMD_CMD_MASK           3u

/* Mailboxes */
#define X_PFMAILBOX(vf)              (0x04b00 + 4 * (vf))  /* 64 */
#define X_PFMAILBOX_STS              (1u << 0)
#define X_PFMAILBOX_ACK              (1u << 1)
#define X_PFMAILBOX_VFU              (1u << 2)
#define X_PFMAILBOX_PFU              (1u << 3)
#define X_PFMAILBOX_RVFU             (1u << 4)
#define X_PFMBMEM(vf)                (0x13000 + 64 * (vf))
#define X_MBX_WORDS                  16

/* EEPROM, firmware semaphores */
#define X_EEC                        0x10010
#define X_EEC_PRES                   (1u << 8)
#define X_EEC_ARD                    (1u << 9)
#define X_EEC_SIZE_SHIFT             11
#define X_EERD                       0x10014
#define X_EERD_START                 (1u << 0)
#define X_EERD_DONE                  (1u << 1)
#define X_EERD_ADDR_SHIFT            2
#define X_EERD_DATA_SHIFT            16
#define X_SWSM                       0x10140
#define X_FWSM                       0x10148
#define X_FWSM_FW_VAL                (1u << 15)
#define X_GSSR                       0x10160
#define X_GRC                        0x10200

/* Statistics the drivers read (read-to-clear on the PF). */
#define X_GPRC                       0x04074
#define X_GPTC                       0x04080
#define X_GORCL                      0x04088
#define X_GORCH                      0x0408c
#define X_GOTCL                      0x04090
#define X_GOTCH                      0x04094
#define X_TPR                        0x040d0
#define X_TPT                        0x040d4
#define X_BPRC                       0x04078
#define X_MPRC                       0x0407c
#define X_RNBC(i)                    (0x03fc0 + 4 * (i))   /* 8 */
#define X_SSVPC                      0x08780   /* spoofed packets */
/* The MAC's statistics block: every register in it clears on read. */
#define X_STATS_FIRST                0x04000
#define X_STATS_END                  0x04120
/* Per-VF counters (not cleared on read), as the PF sees them. */
#define X_PVFGPRC(vf)                (0x0101c + 0x40 * (vf))
#define X_PVFGPTC(vf)                (0x08300 + 4 * (vf))
#define X_PVFGORC_LSB(vf)            (0x01020 + 0x40 * (vf))
#define X_PVFGORC_MSB(vf)            (0x01024 + 0x40 * (vf))
#define X_PVFGOTC_LSB(vf)            (0x08400 + 8 * (vf))
#define X_PVFGOTC_MSB(vf)            (0x08404 + 8 * (vf))
#define X_PVFMPRC(vf)                (0x0d01c + 0x40 * (vf))

/* The VF's own register window (BAR0 of a VF) */
#define XV_CTRL                      0x00000
#define XV_CTRL_RST                  (1u << 26)
#define XV_STATUS                    0x00008
#define XV_LINKS                     0x00010
#define XV_FRTIMER                   0x00048
#define XV_EICR                      0x00100
#define XV_EICS                      0x00104
#define XV_EIMS                      0x00108
#define XV_EIMC                      0x0010c
#define XV_EIAC                      0x00110
#define XV_EIAM                      0x00114
#define XV_IVAR(i)                   (0x00120 + 4 * (i))
#define XV_IVAR_MISC                 0x00140
#define XV_MBMEM                     0x00200
#define XV_MAILBOX                   0x002fc
#define XV_MAILBOX_REQ               (1u << 0)
#define XV_MAILBOX_ACK               (1u << 1)
#define XV_MAILBOX_VFU               (1u << 2)
#define XV_MAILBOX_PFU               (1u << 3)
#define XV_MAILBOX_PFSTS             (1u << 4)
#define XV_MAILBOX_PFACK             (1u << 5)
#define XV_MAILBOX_RSTI              (1u << 6)
#define XV_MAILBOX_RSTD              (1u << 7)
#define XV_PSRTYPE                   0x00300
#define XV_EITR(i)                   (0x00820 + 4 * (i))
#define XV_RQ_BASE(q)                (0x01000 + 0x40 * (q))
#define XV_TQ_BASE(q)                (0x02000 + 0x40 * (q))
#define XV_GPRC                      0x0101c
#define XV_GORC_LSB                  0x01020
#define XV_GORC_MSB                  0x01024
#define XV_MPRC                      0x01034
#define XV_GPTC                      0x0201c
#define XV_GOTC_LSB                  0x02020
#define XV_GOTC_MSB                  0x02024

#endif
