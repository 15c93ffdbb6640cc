// SPDX-License-Identifier: GPL-2.0-or-later
/* One printing path for text and JSON (see print.h). */
#include <inttypes.h>
#include <stdarg.h>

#include "print.h"

const char *xvf_escape(const char *in, char *out, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (!len)
		return out;
	for (; *in && n + 1 < len; in++) {
		unsigned char ch = (unsigned char)*in;

		if (ch >= 0x20 && ch != 0x7f && ch != '\\') {
			out[n++] = (char)ch;
			continue;
		}
		if (n + 4 >= len)
			break;
		out[n++] = '\\';
		if (ch == '\\') {
			out[n++] = '\\';
			continue;
		}
		out[n++] = 'x';
		out[n++] = hex[ch >> 4];
		out[n++] = hex[ch & 15];
	}
	out[n] = '\0';
	return out;
}

static void begin(struct xvf_out *o, FILE *f, bool json, json_object *top)
{
	o->f = f;
	o->json = json;
	o->json_flags = JSON_C_TO_STRING_PRETTY;
	o->depth = 0;
	if (json)
		o->stack[o->depth++] = top;
	else
		json_object_put(top);
}

void xvf_out_begin(struct xvf_out *o, FILE *f, bool json)
{
	begin(o, f, json, json_object_new_object());
}

void xvf_out_begin_array(struct xvf_out *o, FILE *f, bool json)
{
	begin(o, f, json, json_object_new_array());
}

void xvf_out_compact(struct xvf_out *o)
{
	o->json_flags = JSON_C_TO_STRING_PLAIN;
}

void xvf_out_end(struct xvf_out *o)
{
	if (!o->json || !o->depth)
		return;
	fprintf(o->f, "%s\n",
		json_object_to_json_string_ext(o->stack[0], o->json_flags));
	json_object_put(o->stack[0]);
	o->depth = 0;
}

/* Put @v into the current container: under @key, or appended. */
static void add(struct xvf_out *o, const char *key, json_object *v)
{
	json_object *top;

	if (!o->depth) {
		json_object_put(v);
		return;
	}
	top = o->stack[o->depth - 1];
	if (json_object_is_type(top, json_type_array))
		json_object_array_add(top, v);
	else
		json_object_object_add(top, key, v);
}

static void open_container(struct xvf_out *o, const char *key, json_object *c)
{
	if (!o->json) {
		json_object_put(c);
		return;
	}
	add(o, key, json_object_get(c));
	if (o->depth < XVF_OUT_DEPTH)
		o->stack[o->depth++] = c;
	json_object_put(c);
}

void xvf_out_open_object(struct xvf_out *o, const char *key)
{
	open_container(o, key, json_object_new_object());
}

void xvf_out_open_array(struct xvf_out *o, const char *key)
{
	open_container(o, key, json_object_new_array());
}

void xvf_out_close(struct xvf_out *o)
{
	if (o->json && o->depth > 1)
		o->depth--;
}

void xvf_out_text(struct xvf_out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	vfprintf(o->f, fmt, ap);
	va_end(ap);
}

/* The format is the caller's constant, checked at each call site's type. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

void xvf_out_string(struct xvf_out *o, const char *key, const char *fmt,
		    const char *value)
{
	char safe[XVF_ESCAPED_MAX];

	if (o->json)
		add(o, key, value ? json_object_new_string(value) : NULL);
	else
		fprintf(o->f, fmt, value ? xvf_escape(value, safe, sizeof(safe)) : "-");
}

void xvf_out_int(struct xvf_out *o, const char *key, const char *fmt,
		 int64_t value)
{
	if (o->json)
		add(o, key, json_object_new_int64(value));
	else
		fprintf(o->f, fmt, value);
}

void xvf_out_int_or_null(struct xvf_out *o, const char *key, const char *fmt,
			 const int64_t *value)
{
	char text[24];

	if (o->json) {
		add(o, key, value ? json_object_new_int64(*value) : NULL);
		return;
	}
	if (value)
		snprintf(text, sizeof(text), "%" PRId64, *value);
	fprintf(o->f, fmt, value ? text : "-");
}

void xvf_out_bool(struct xvf_out *o, const char *key, const char *fmt,
		  bool value, const char *yes, const char *no)
{
	if (o->json)
		add(o, key, json_object_new_boolean(value));
	else
		fprintf(o->f, fmt, value ? yes : no);
}

void xvf_out_null(struct xvf_out *o, const char *key, const char *fmt)
{
	if (o->json)
		add(o, key, NULL);
	else
		fprintf(o->f, fmt, "-");
}

#pragma GCC diagnostic pop
