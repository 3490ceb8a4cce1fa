// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl: the one output path. A result is one object: pr_open(), one call per field,
 * pr_close(). Each field call names the field's JSON key and its text form, so text and JSON
 * always carry the same fields, from the same values (the print_*() model of iproute2). In
 * JSON an object is one line (with -p, one field a line, indented); sets (events, flags,
 * states) are arrays of names.
 */

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "wskctl.h"

void json_string(FILE *f, const char *s, size_t len)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		unsigned char ch = s[i];

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

bool pr_pretty;

void pr_open(struct pr *p, FILE *f, bool json)
{
	p->f = f;
	p->json = json;
	p->fields = 0;
	if (json)
		fputc('{', f);
}

void pr_close(struct pr *p)
{
	if (p->json && pr_pretty && p->fields)
		fputs("\n}\n", p->f);
	else
		fputs(p->json ? "}\n" : "\n", p->f);
}

/* The JSON key of the next field, after a separator if it is not the first. */
static void pr_key(struct pr *p, const char *key)
{
	if (pr_pretty)
		fprintf(p->f, "%s\n  \"%s\": ", p->fields++ ? "," : "", key);
	else
		fprintf(p->f, "%s\"%s\": ", p->fields++ ? ", " : "", key);
}

void pr_u(struct pr *p, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (p->json) {
		pr_key(p, key);
		fprintf(p->f, "%" PRIu64, va_arg(ap, uint64_t));
	} else {
		vfprintf(p->f, fmt, ap);
	}
	va_end(ap);
}

void pr_s(struct pr *p, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (p->json) {
		const char *s = va_arg(ap, const char *);

		pr_key(p, key);
		json_string(p->f, s, strlen(s));
	} else {
		vfprintf(p->f, fmt, ap);
	}
	va_end(ap);
}

void pr_set(struct pr *p, const char *key, const char *fmt, ...)
{
	const char *list, *s, *end;
	va_list ap;

	va_start(ap, fmt);
	if (!p->json) {
		vfprintf(p->f, fmt, ap);
		va_end(ap);
		return;
	}
	list = va_arg(ap, const char *);
	va_end(ap);
	pr_key(p, key);
	fputc('[', p->f);
	if (strcmp(list, "none")) {
		for (s = list; *s; s = *end ? end + 1 : end) {
			end = strchr(s, ',');
			if (!end)
				end = s + strlen(s);
			if (s != list)
				fputs(", ", p->f);
			json_string(p->f, s, end - s);
		}
	}
	fputc(']', p->f);
}

void pr_bool(struct pr *p, const char *key, bool v, const char *text)
{
	if (p->json) {
		pr_key(p, key);
		fputs(v ? "true" : "false", p->f);
	} else if (v) {
		fputs(text, p->f);
	}
}

void pr_data(struct pr *p, const char *key, const char *label, const void *data, size_t len)
{
	const unsigned char *d = data;
	size_t i;

	if (p->json) {
		pr_key(p, key);
		json_string(p->f, data, len);
		return;
	}
	fprintf(p->f, "%s\"", label);
	for (i = 0; i < len; i++) {
		if (d[i] == '"' || d[i] == '\\')
			fprintf(p->f, "\\%c", d[i]);
		else if (isprint(d[i]))
			fputc(d[i], p->f);
		else
			fprintf(p->f, "\\x%02x", d[i]);
	}
	fputc('"', p->f);
}

void pr_ju(struct pr *p, const char *key, uint64_t v)
{
	if (p->json) {
		pr_key(p, key);
		fprintf(p->f, "%" PRIu64, v);
	}
}

void pr_text(struct pr *p, const char *fmt, ...)
{
	va_list ap;

	if (p->json)
		return;
	va_start(ap, fmt);
	vfprintf(p->f, fmt, ap);
	va_end(ap);
}

/* A result of one number (passed as uint64_t): {"KEY": V}, or its text form. */
void pr_value(FILE *f, bool json, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (json)
		fprintf(f, pr_pretty ? "{\n  \"%s\": %" PRIu64 "\n}\n" : "{\"%s\": %" PRIu64 "}\n",
			key, va_arg(ap, uint64_t));
	else
		vfprintf(f, fmt, ap), fputc('\n', f);
	va_end(ap);
}
