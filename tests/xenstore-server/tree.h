/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xvf-test-xenstored: the node tree with Xen's permission rules.
 *
 * Test infrastructure only (see README.md): a xenstore that runs without a
 * hypervisor so libxenstore and the xenstore-* tools can be tested against
 * it. Not a xenstored for production.
 */
#ifndef XSD_TREE_H
#define XSD_TREE_H

#include <stdbool.h>
#include <stddef.h>

#define XSD_MAX_PERMS 32
#define XSD_VALUE_MAX 4096

/* One entry of a permission list: 'n', 'r', 'w' or 'b' and a domain id. */
struct xsd_perm {
	char access;
	unsigned int domid;
};

struct xsd_node {
	char *name;
	char *value;
	size_t len;
	struct xsd_perm perms[XSD_MAX_PERMS];
	unsigned int nperms;
	struct xsd_node *parent, *child, *next;
};

/* A new tree: "/" owned by dom0, readable by nobody else, with "/local"
 * and "/local/domain". */
struct xsd_node *xsd_tree_new(void);
struct xsd_node *xsd_tree_copy(const struct xsd_node *root);
void xsd_tree_free(struct xsd_node *node);

/* @path absolute and canonical (xsd_canonical_path); NULL if absent. */
struct xsd_node *xsd_lookup(struct xsd_node *root, const char *path);

bool xsd_can_read(const struct xsd_node *node, unsigned int domid);
bool xsd_can_write(const struct xsd_node *node, unsigned int domid);

/*
 * Create @path and any missing parents as @domid (each new node inherits
 * its parent's permissions, owned by @domid unless that is dom0). -EACCES
 * if @domid may not write the nearest existing ancestor. *created says
 * whether anything was created.
 */
int xsd_create(struct xsd_node *root, const char *path, unsigned int domid,
	       struct xsd_node **out, bool *created);
int xsd_set_value(struct xsd_node *node, const char *value, size_t len);
void xsd_remove(struct xsd_node *node);

/*
 * An absolute path from what a connection of @domid sent: relative paths
 * are below /local/domain/<domid>. -EINVAL for bad characters, "//", a
 * trailing "/" (except "/") or too long.
 */
int xsd_canonical_path(const char *in, unsigned int domid, char *out,
		       size_t len);

/* "n0\0r5\0" form: parse into perms or format from them. */
int xsd_parse_perms(const char *buf, size_t len, struct xsd_perm *perms,
		    unsigned int *nperms);
size_t xsd_format_perms(const struct xsd_node *node, char *buf, size_t len);

#endif
