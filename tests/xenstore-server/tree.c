// SPDX-License-Identifier: GPL-2.0-or-later
/* xvf-test-xenstored: the node tree and Xen's permission rules. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"

#define XSD_ABS_PATH_MAX 3072
#define XSD_REL_PATH_MAX 2048

static struct xsd_node *node_new(const char *name, struct xsd_node *parent)
{
	struct xsd_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = strdup(name);
	n->value = calloc(1, 1);
	if (!n->name || !n->value) {
		free(n->name);
		free(n->value);
		free(n);
		return NULL;
	}
	n->parent = parent;
	if (parent) {
		memcpy(n->perms, parent->perms, sizeof(n->perms));
		n->nperms = parent->nperms;
		n->next = parent->child;
		parent->child = n;
	}
	return n;
}

struct xsd_node *xsd_tree_new(void)
{
	struct xsd_node *root = node_new("", NULL), *local;

	if (!root)
		return NULL;
	root->perms[0] = (struct xsd_perm){ 'n', 0 };
	root->nperms = 1;
	local = node_new("local", root);
	if (!local || !node_new("domain", local)) {
		xsd_tree_free(root);
		return NULL;
	}
	return root;
}

void xsd_tree_free(struct xsd_node *node)
{
	while (node) {
		struct xsd_node *next = node->next;

		xsd_tree_free(node->child);
		free(node->name);
		free(node->value);
		free(node);
		node = next;
	}
}

/* A copy of @src and everything below it, as a child of @parent (or a new
 * root); NULL if memory ran out (a partial root copy is freed). */
static struct xsd_node *copy_into(const struct xsd_node *src,
				  struct xsd_node *parent)
{
	struct xsd_node *n = node_new(src->name, parent);
	const struct xsd_node *c;

	if (!n)
		return NULL;
	memcpy(n->perms, src->perms, sizeof(n->perms));
	n->nperms = src->nperms;
	if (xsd_set_value(n, src->value, src->len))
		goto fail;
	for (c = src->child; c; c = c->next)
		if (!copy_into(c, n))
			goto fail;
	return n;
fail:
	if (!parent)
		xsd_tree_free(n);
	return NULL;
}

struct xsd_node *xsd_tree_copy(const struct xsd_node *root)
{
	return copy_into(root, NULL);
}

static struct xsd_node *child_named(struct xsd_node *node, const char *name,
				    size_t len)
{
	struct xsd_node *c;

	for (c = node->child; c; c = c->next)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	return NULL;
}

struct xsd_node *xsd_lookup(struct xsd_node *root, const char *path)
{
	struct xsd_node *node = root;
	const char *p = path + 1;

	while (node && *p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		node = child_named(node, p, len);
		p += len + (slash ? 1 : 0);
	}
	return node;
}

/* Xen's rule: dom0 and the owner may do anything; others get their own
 * entry if the list has one, else the owner entry's access. */
static char access_of(const struct xsd_node *node, unsigned int domid)
{
	unsigned int i;

	if (domid == 0 || node->perms[0].domid == domid)
		return 'b';
	for (i = 1; i < node->nperms; i++)
		if (node->perms[i].domid == domid)
			return node->perms[i].access;
	return node->perms[0].access;
}

bool xsd_can_read(const struct xsd_node *node, unsigned int domid)
{
	char a = access_of(node, domid);

	return a == 'r' || a == 'b';
}

bool xsd_can_write(const struct xsd_node *node, unsigned int domid)
{
	char a = access_of(node, domid);

	return a == 'w' || a == 'b';
}

int xsd_create(struct xsd_node *root, const char *path, unsigned int domid,
	       struct xsd_node **out, bool *created)
{
	struct xsd_node *node = root, *next;
	const char *p = path + 1;
	char name[XSD_ABS_PATH_MAX + 1];

	*created = false;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		next = child_named(node, p, len);
		if (!next) {
			if (!*created && !xsd_can_write(node, domid))
				return -EACCES;
			memcpy(name, p, len);
			name[len] = '\0';
			next = node_new(name, node);
			if (!next)
				return -ENOMEM;
			if (domid != 0)
				next->perms[0].domid = domid;
			*created = true;
		}
		node = next;
		p += len + (slash ? 1 : 0);
	}
	*out = node;
	return 0;
}

int xsd_set_value(struct xsd_node *node, const char *value, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, value, len);
	copy[len] = '\0';
	free(node->value);
	node->value = copy;
	node->len = len;
	return 0;
}

void xsd_remove(struct xsd_node *node)
{
	struct xsd_node **pp = &node->parent->child;

	while (*pp != node)
		pp = &(*pp)->next;
	*pp = node->next;
	node->next = NULL;
	xsd_tree_free(node);
}

static bool path_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || strchr("-/_@", c);
}

int xsd_canonical_path(const char *in, unsigned int domid, char *out,
		       size_t len)
{
	size_t i, n = strlen(in);
	int w;

	if (n == 0 || (in[0] != '/' && n > XSD_REL_PATH_MAX))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!path_char_ok(in[i]) || (in[i] == '/' && in[i + 1] == '/'))
			return -EINVAL;
	if (n > 1 && in[n - 1] == '/')
		return -EINVAL;
	if (in[0] == '/')
		w = snprintf(out, len, "%s", in);
	else
		w = snprintf(out, len, "/local/domain/%u/%s", domid, in);
	if (w < 0 || (size_t)w >= len || (size_t)w > XSD_ABS_PATH_MAX)
		return -EINVAL;
	return 0;
}

int xsd_parse_perms(const char *buf, size_t len, struct xsd_perm *perms,
		    unsigned int *nperms)
{
	size_t off = 0;
	unsigned int n = 0;

	while (off < len) {
		const char *s = buf + off;
		size_t slen = strnlen(s, len - off);
		char *end;
		unsigned long id;

		if (slen < 2 || slen == len - off || n == XSD_MAX_PERMS ||
		    !strchr("nrwb", s[0]))
			return -EINVAL;
		id = strtoul(s + 1, &end, 10);
		if (end != s + slen || id > 0x7fff)
			return -EINVAL;
		perms[n++] = (struct xsd_perm){ s[0], (unsigned int)id };
		off += slen + 1;
	}
	if (n == 0)
		return -EINVAL;
	*nperms = n;
	return 0;
}

size_t xsd_format_perms(const struct xsd_node *node, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int i;

	for (i = 0; i < node->nperms; i++) {
		int w = snprintf(buf + used, len - used, "%c%u",
				 node->perms[i].access, node->perms[i].domid);

		if (w < 0 || (size_t)w + 1 > len - used)
			break;
		used += (size_t)w + 1;	/* keep the NUL */
	}
	return used;
}
