/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One printing path for text and JSON, in the manner of iproute2's
 * print_*(PRINT_ANY, ...): a command prints each value once, with its
 * JSON key and its text format; the mode decides which one shows.  In
 * text mode the format is printed at once; in JSON mode the value goes
 * into a json-c tree that xvf_out_end() prints.  xvfctl and xvf-host use
 * it, so their -j output and their text cannot drift apart.
 */
#ifndef XVF_PRINT_H
#define XVF_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

#define XVF_OUT_DEPTH 8

struct xvf_out {
	FILE *f;
	bool json;
	int json_flags;		/* json-c's, pretty by default */
	int depth;
	json_object *stack[XVF_OUT_DEPTH];
};

/*
 * @in with control characters and backslashes escaped (\x1b, \\), for
 * a terminal or the journal: text that came from a guest, a host or an
 * interface name must not move a cursor or forge a log line. Cut short
 * to fit @len; returns @out.
 */
#define XVF_ESCAPED_MAX 1024
const char *xvf_escape(const char *in, char *out, size_t len);

/* Start one document (JSON: an object at the top). */
void xvf_out_begin(struct xvf_out *o, FILE *f, bool json);
/* Start one document whose top is an array (JSON). */
void xvf_out_begin_array(struct xvf_out *o, FILE *f, bool json);
/* JSON on one line (a stream of objects, one per line). */
void xvf_out_compact(struct xvf_out *o);
/* Print the JSON tree, free it. */
void xvf_out_end(struct xvf_out *o);

/* Containers: @key names it in an object, NULL inside an array.  Text
 * mode prints nothing for them. */
void xvf_out_open_object(struct xvf_out *o, const char *key);
void xvf_out_open_array(struct xvf_out *o, const char *key);
void xvf_out_close(struct xvf_out *o);

/* Text only / JSON only. */
void xvf_out_text(struct xvf_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A value: JSON @key, text @fmt (one conversion of the value's type).  A
 * NULL string is JSON null and prints as "-". */
void xvf_out_string(struct xvf_out *o, const char *key, const char *fmt,
		    const char *value);
void xvf_out_int(struct xvf_out *o, const char *key, const char *fmt,
		 int64_t value);
/* An integer that may be absent: JSON null, text "-" (fmt takes %s). */
void xvf_out_int_or_null(struct xvf_out *o, const char *key, const char *fmt,
			 const int64_t *value);
/* A boolean: JSON true/false, text @yes or @no through @fmt (%s). */
void xvf_out_bool(struct xvf_out *o, const char *key, const char *fmt,
		  bool value, const char *yes, const char *no);
/* JSON null under @key; text @fmt with "-" (%s). */
void xvf_out_null(struct xvf_out *o, const char *key, const char *fmt);

#endif
