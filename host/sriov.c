// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-host: SR-IOV PFs and VFs from sysfs; VF MACs through libnl. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_ether.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/sriov.h>

#include "hooks.h"
#include "sriov.h"

static const char *sysfs(void)
{
	return xvfh_hook("XVF_SYSFS", "/sys");
}

static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	char *nl;

	if (!f)
		return -errno;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

static int write_line(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");
	int rc = 0;

	if (!f)
		return -errno;
	if (fputs(value, f) < 0)
		rc = -EIO;
	if (fclose(f))
		rc = -errno;
	return rc;
}

static int read_uint(const char *path, unsigned int *out)
{
	char buf[32], *end;
	unsigned long v;

	if (read_line(path, buf, sizeof(buf)))
		return -ENOENT;
	v = strtoul(buf, &end, 10);
	if (end == buf || *end || v > UINT_MAX)
		return -EPROTO;
	*out = (unsigned int)v;
	return 0;
}

/* The basename of the symlink @dir/@name ("" if none). */
static void link_name(const char *dir, const char *name, char *out, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	const char *base;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return;
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(out, len, "%s", base ? base + 1 : target);
}

static void first_entry(const char *dir, char *out, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	out[0] = '\0';
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.' || n >= len)
			continue;
		memcpy(out, e->d_name, n + 1);
		break;
	}
	closedir(d);
}

/* The port VLAN the PF inserts for @vf: 0 for none. */
static int vf_vlan(struct rtnl_link_vf *vf)
{
	nl_vf_vlans_t *vlans = NULL;
	int id = 0;

	if (rtnl_link_vf_get_vlans(vf, &vlans))
		return 0;
	if (vlans->size > 0)
		id = (int)vlans->vlans[0].vf_vlan;
	rtnl_link_vf_vlan_put(vlans);
	return id;
}

/* The VF MACs and VLANs the PF holds, from RTM_GETLINK with VF info. */
static void read_vf_info(struct xvfh_pf *pf)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct rtnl_link *link = NULL;
	unsigned int i;

	if (!sk || nl_connect(sk, NETLINK_ROUTE) ||
	    rtnl_link_get_kernel(sk, 0, pf->netdev, &link))
		goto out;
	/* The kernel leaves the VF list out when the PF cannot report its
	 * VFs, and rtnl_link_vf_get() dereferences the list unchecked. */
	if (!rtnl_link_has_vf_list(link))
		goto out;
	for (i = 0; i < pf->nvfs; i++) {
		struct rtnl_link_vf *vf = rtnl_link_vf_get(link, pf->vf[i].index);
		struct nl_addr *addr = NULL;

		if (!vf)
			continue;
		if (!rtnl_link_vf_get_addr(vf, &addr) && addr &&
		    nl_addr_get_len(addr) == XVFP_MAC_LEN) {
			memcpy(pf->vf[i].mac.octet, nl_addr_get_binary_addr(addr),
			       XVFP_MAC_LEN);
			pf->vf[i].mac_known = true;
		}
		pf->vf[i].vlan = vf_vlan(vf);
		rtnl_link_vf_put(vf);
	}
out:
	rtnl_link_put(link);
	nl_socket_free(sk);
}

static int scan_pf(const char *dev_dir, const char *name, struct xvfh_pf *pf)
{
	char path[PATH_MAX], vfname[32], vfdir[PATH_MAX];
	unsigned int i;

	memset(pf, 0, sizeof(*pf));
	if (xvfp_parse_pci_addr(name, &pf->addr))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/sriov_totalvfs", dev_dir);
	if (read_uint(path, &pf->total_vfs) || pf->total_vfs == 0)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/sriov_numvfs", dev_dir);
	read_uint(path, &pf->num_vfs);
	snprintf(path, sizeof(path), "%s/net", dev_dir);
	first_entry(path, pf->netdev, sizeof(pf->netdev));
	for (i = 0; i < pf->num_vfs && pf->nvfs < XVFH_MAX_VFS; i++) {
		struct xvfh_vf *vf = &pf->vf[pf->nvfs];

		snprintf(vfname, sizeof(vfname), "virtfn%u", i);
		link_name(dev_dir, vfname, path, sizeof(path));
		if (xvfp_parse_pci_addr(path, &vf->addr))
			continue;
		vf->index = i;
		vf->vlan = -1;
		snprintf(vfdir, sizeof(vfdir), "%s/%s", dev_dir, vfname);
		link_name(vfdir, "driver", vf->driver, sizeof(vf->driver));
		pf->nvfs++;
	}
	if (pf->netdev[0])
		read_vf_info(pf);
	return 0;
}

int xvfh_scan_pfs(struct xvfh_pf *pfs, unsigned int max)
{
	char dir[PATH_MAX], dev_dir[PATH_MAX];
	struct dirent *e;
	unsigned int n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/bus/pci/devices", sysfs());
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < max) {
		if (e->d_name[0] == '.')
			continue;
		if (strlen(dir) + strlen(e->d_name) + 2 > sizeof(dev_dir))
			continue;
		strcpy(dev_dir, dir);
		strcat(dev_dir, "/");
		strcat(dev_dir, e->d_name);
		if (!scan_pf(dev_dir, e->d_name, &pfs[n]))
			n++;
	}
	closedir(d);
	return (int)n;
}

int xvfh_find_vf(const struct xvfp_pci_addr *vf, struct xvfh_pf *pf,
		 unsigned int *index)
{
	char dir[PATH_MAX], addr[XVFP_PCI_STRLEN + 1], physfn[32];
	unsigned int i;

	xvfp_format_pci_addr(vf, addr, sizeof(addr));
	snprintf(dir, sizeof(dir), "%s/bus/pci/devices/%s", sysfs(), addr);
	link_name(dir, "physfn", physfn, sizeof(physfn));
	if (!physfn[0])
		return -ENODEV;
	snprintf(dir, sizeof(dir), "%s/bus/pci/devices/%s", sysfs(), physfn);
	if (scan_pf(dir, physfn, pf))
		return -ENODEV;
	for (i = 0; i < pf->nvfs; i++) {
		if (xvfp_pci_addr_equal(&pf->vf[i].addr, vf)) {
			*index = pf->vf[i].index;
			return 0;
		}
	}
	return -ENODEV;
}

/* One VLAN, 802.1Q, no priority; 0 removes the port VLAN. */
static int add_vlan(struct rtnl_link_vf *vf, int vlan)
{
	nl_vf_vlans_t *vlans;

	if (rtnl_link_vf_vlan_alloc(&vlans, 1))
		return -ENOMEM;
	vlans->vlans[0].vf_vlan = (uint32_t)vlan;
	vlans->vlans[0].vf_vlan_qos = 0;
	vlans->vlans[0].vf_vlan_proto = ETH_P_8021Q;
	/* set_vlans takes its own reference; drop ours. */
	rtnl_link_vf_set_vlans(vf, vlans);
	rtnl_link_vf_vlan_put(vlans);
	return 0;
}

#ifdef XVF_HOST_TEST_HOOKS
/* Test build: XVF_VF_CONFIG_LOG=FILE records VF settings there instead of
 * sending them to a PF (the unit tier has none): "NETDEV INDEX MAC VLAN". */
static bool logged_vf_config(const char *netdev, unsigned int index,
			     const struct xvfp_mac *mac, int vlan, int *rc)
{
	const char *path = xvfh_hook("XVF_VF_CONFIG_LOG", NULL);
	char text[XVFP_MAC_STRLEN + 1] = "-";
	FILE *f;

	if (!path)
		return false;
	if (mac)
		xvfp_format_mac(mac, text, sizeof(text));
	f = fopen(path, "a");
	*rc = f ? 0 : -errno;
	if (f) {
		fprintf(f, "%s %u %s %d\n", netdev, index, text, vlan);
		fclose(f);
	}
	return true;
}
#endif

int xvfh_set_vf(const char *netdev, unsigned int index,
		const struct xvfp_mac *mac, int vlan)
{
	struct nl_sock *sk;
	struct rtnl_link *link = NULL, *change;
	struct rtnl_link_vf *vf;
	struct nl_addr *addr = NULL;
	int rc = -ENOMEM;

	if (vlan > XVFH_VLAN_MAX)
		return -EINVAL;
#ifdef XVF_HOST_TEST_HOOKS
	if (logged_vf_config(netdev, index, mac, vlan, &rc))
		return rc;
#endif
	sk = nl_socket_alloc();
	change = rtnl_link_alloc();
	vf = rtnl_link_vf_alloc();
	if (!sk || !change || !vf)
		goto out;
	rtnl_link_vf_set_index(vf, index);
	if (mac) {
		addr = nl_addr_build(AF_LLC, mac->octet, XVFP_MAC_LEN);
		if (!addr)
			goto out;
		rtnl_link_vf_set_addr(vf, addr);
	}
	if (vlan >= 0 && add_vlan(vf, vlan))
		goto out;
	rc = -ENODEV;
	if (nl_connect(sk, NETLINK_ROUTE) ||
	    rtnl_link_get_kernel(sk, 0, netdev, &link))
		goto out;
	rc = -EINVAL;
	if (rtnl_link_vf_add(change, vf))
		goto out;
	rc = rtnl_link_change(sk, link, change, 0) ? -EIO : 0;
out:
	nl_addr_put(addr);
	rtnl_link_vf_put(vf);
	rtnl_link_put(change);
	rtnl_link_put(link);
	nl_socket_free(sk);
	return rc;
}

int xvfh_bind_pciback(const struct xvfp_pci_addr *vf)
{
	char path[PATH_MAX], addr[XVFP_PCI_STRLEN + 1], driver[32];
	int rc;

	xvfp_format_pci_addr(vf, addr, sizeof(addr));
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s", sysfs(), addr);
	link_name(path, "driver", driver, sizeof(driver));
	if (!strcmp(driver, "pciback"))
		return 0;
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/driver_override",
		 sysfs(), addr);
	rc = write_line(path, "pciback");
	if (rc)
		return rc;
	if (driver[0]) {
		snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/driver/unbind",
			 sysfs(), addr);
		rc = write_line(path, addr);
		if (rc)
			return rc;
	}
	snprintf(path, sizeof(path), "%s/bus/pci/drivers_probe", sysfs());
	return write_line(path, addr);
}
