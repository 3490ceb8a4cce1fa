// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl: event records, socket info and service counters, as text or as JSON (one object a
 * line).
 */

#include <ctype.h>
#include <inttypes.h>
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

static void text_data(FILE *f, const unsigned char *d, size_t len)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < len; i++) {
		if (d[i] == '"' || d[i] == '\\')
			fprintf(f, "\\%c", d[i]);
		else if (isprint(d[i]))
			fputc(d[i], f);
		else
			fprintf(f, "\\x%02x", d[i]);
	}
	fputc('"', f);
}

void print_record(FILE *f, const struct wsk_event *e, bool json)
{
	char st[32], fl[96], ad[80];
	size_t dl = e->data_len < WSK_EVENT_DATA_MAX ? e->data_len : WSK_EVENT_DATA_MAX;

	format_status(e->status, st, sizeof(st));
	format_record_flags(e->flags, fl, sizeof(fl));
	format_addr(&e->addr, ad, sizeof(ad));
	if (json) {
		fprintf(f, "{\"seq\": %" PRIu64 ", \"time_ns\": %" PRIu64 ", \"kind\": \"%s\", "
			"\"handle\": %u, \"flags\": \"%s\", \"status\": \"%s\", \"bytes\": %" PRIu64,
			(uint64_t)e->seq, (uint64_t)e->time_ns, record_kind_name(e->kind),
			e->handle, fl, st, (uint64_t)e->bytes);
		if (e->kind == WSK_RECORD_COMPLETE)
			fprintf(f, ", \"op\": \"%s\", \"request_id\": %" PRIu64, op_name(e->op),
				(uint64_t)e->request_id);
		if (e->kind == WSK_RECORD_ACCEPT)
			fprintf(f, ", \"new_handle\": %u", e->new_handle);
		if (e->retained_id)
			fprintf(f, ", \"retained_id\": %u", e->retained_id);
		if (e->dropped)
			fprintf(f, ", \"dropped\": %u", e->dropped);
		if (e->addr.family)
			fprintf(f, ", \"addr\": \"%s\"", ad);
		if (dl) {
			fputs(", \"data\": ", f);
			json_string(f, (const char *)e->data, dl);
		}
		fputs("}\n", f);
		return;
	}
	fprintf(f, "%" PRIu64 " %" PRIu64 ".%06" PRIu64 " %s handle=%u", (uint64_t)e->seq,
		(uint64_t)e->time_ns / 1000000000, (uint64_t)e->time_ns % 1000000000 / 1000,
		record_kind_name(e->kind), e->handle);
	if (e->kind == WSK_RECORD_COMPLETE)
		fprintf(f, " op=%s request=%" PRIu64, op_name(e->op), (uint64_t)e->request_id);
	fprintf(f, " status=%s bytes=%" PRIu64 " flags=%s", st, (uint64_t)e->bytes, fl);
	if (e->kind == WSK_RECORD_ACCEPT)
		fprintf(f, " new=%u", e->new_handle);
	if (e->retained_id)
		fprintf(f, " retained=%u", e->retained_id);
	if (e->addr.family)
		fprintf(f, " addr=%s", ad);
	if (e->dropped)
		fprintf(f, " dropped=%u", e->dropped);
	if (dl) {
		fputs(" data=", f);
		text_data(f, e->data, dl);
	}
	fputc('\n', f);
}

const char *const sockinfo_fields[] = {
	"category", "state", "enabled", "static", "inherited", "in_progress", "held",
	"retained_lists", "retained_bytes", "parent", "callbacks", "indicated_bytes",
	"completions", "local_port", "remote_port", NULL
};

int sockinfo_field(const struct wsk_ioc_sockinfo *si, const char *name, uint64_t *v)
{
	if (!strcmp(name, "category"))
		*v = si->category;
	else if (!strcmp(name, "state"))
		*v = si->state;
	else if (!strcmp(name, "enabled"))
		*v = si->enabled;
	else if (!strcmp(name, "static"))
		*v = si->static_mask;
	else if (!strcmp(name, "inherited"))
		*v = si->inherited;
	else if (!strcmp(name, "in_progress"))
		*v = si->in_progress;
	else if (!strcmp(name, "held"))
		*v = si->held;
	else if (!strcmp(name, "retained_lists"))
		*v = si->retained_lists;
	else if (!strcmp(name, "retained_bytes"))
		*v = si->retained_bytes;
	else if (!strcmp(name, "parent"))
		*v = si->parent;
	else if (!strcmp(name, "callbacks"))
		*v = si->callbacks;
	else if (!strcmp(name, "indicated_bytes"))
		*v = si->indicated_bytes;
	else if (!strcmp(name, "completions"))
		*v = si->completions;
	else if (!strcmp(name, "local_port"))
		*v = si->local.port;
	else if (!strcmp(name, "remote_port"))
		*v = si->remote.port;
	else
		return -1;
	return 0;
}

static const struct {
	const char *name;
	uint32_t bit;
} states[] = {
	{ "bound", WSK_SI_BOUND }, { "connected", WSK_SI_CONNECTED },
	{ "connecting", WSK_SI_CONNECTING }, { "closing", WSK_SI_CLOSING },
	{ "dead", WSK_SI_DEAD }, { "peer-fin", WSK_SI_PEER_FIN },
	{ "peer-reset", WSK_SI_PEER_RESET }, { "rx-stalled", WSK_SI_RX_STALLED },
	{ "accepted-event", WSK_SI_ACCEPTED_EVENT },
};

static void format_state(uint32_t st, char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (st & states[i].bit) {
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? "," : "",
				      states[i].name);
			st &= ~states[i].bit;
		}
	if (st)
		n += snprintf(buf + n, n < len ? len - n : 0, "%s0x%x", n ? "," : "", st);
	if (!n)
		snprintf(buf, len, "none");
}

int parse_state(const char *s, uint32_t *v)
{
	char buf[256], *tok, *save = NULL;
	size_t i;

	*v = 0;
	if (!strcmp(s, "none"))
		return 0;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
			if (!strcmp(tok, states[i].name))
				break;
		if (i == sizeof(states) / sizeof(states[0]))
			return -1;
		*v |= states[i].bit;
	}
	return 0;
}

void print_sockinfo(FILE *f, const struct wsk_ioc_sockinfo *si, bool json)
{
	char state[160], en[96], sm[96], inh[96], lo[80], re[80];

	format_state(si->state, state, sizeof(state));
	format_events(si->enabled, en, sizeof(en));
	format_events(si->static_mask, sm, sizeof(sm));
	format_events(si->inherited, inh, sizeof(inh));
	format_addr(&si->local, lo, sizeof(lo));
	format_addr(&si->remote, re, sizeof(re));
	if (json) {
		fprintf(f, "{\"handle\": %u, \"category\": \"%s\", \"process_context\": %s, "
			"\"state\": \"%s\", \"enabled\": \"%s\", \"static\": \"%s\", "
			"\"inherited\": \"%s\", \"in_progress\": %u, \"held\": %u, "
			"\"retained_lists\": %u, \"retained_bytes\": %" PRIu64 ", "
			"\"local\": \"%s\", \"remote\": \"%s\", \"parent\": %u, "
			"\"callbacks\": %" PRIu64 ", \"indicated_bytes\": %" PRIu64 ", "
			"\"completions\": %" PRIu64 "}\n",
			si->handle, category_name(si->category),
			si->sock_flags & WSK_FLAG_PROCESS_CONTEXT ? "true" : "false", state, en, sm,
			inh, si->in_progress, si->held, si->retained_lists, (uint64_t)si->retained_bytes, lo, re,
			si->parent, (uint64_t)si->callbacks, (uint64_t)si->indicated_bytes,
			(uint64_t)si->completions);
		return;
	}
	fprintf(f, "handle %u: %s%s, state %s\n", si->handle, category_name(si->category),
		si->sock_flags & WSK_FLAG_PROCESS_CONTEXT ? " (process context)" : "", state);
	fprintf(f, "  local %s remote %s parent %u\n", lo, re, si->parent);
	fprintf(f, "  enabled %s static %s inherited %s\n", en, sm, inh);
	fprintf(f, "  in-progress %u held %u retained %u lists %" PRIu64 " bytes\n",
		si->in_progress, si->held,
		si->retained_lists, (uint64_t)si->retained_bytes);
	fprintf(f, "  callbacks %" PRIu64 " indicated %" PRIu64 " bytes completions %" PRIu64
		"\n", (uint64_t)si->callbacks, (uint64_t)si->indicated_bytes,
		(uint64_t)si->completions);
}

const char *const service_fields[] = {
	"connections", "active", "bytes_in", "bytes_out", "datagrams_in", "datagrams_out",
	"drops", "port", NULL
};

int service_field(const struct wsk_ioc_service *sv, const char *name, uint64_t *v)
{
	if (!strcmp(name, "connections"))
		*v = sv->connections;
	else if (!strcmp(name, "active"))
		*v = sv->active;
	else if (!strcmp(name, "bytes_in"))
		*v = sv->bytes_in;
	else if (!strcmp(name, "bytes_out"))
		*v = sv->bytes_out;
	else if (!strcmp(name, "datagrams_in"))
		*v = sv->datagrams_in;
	else if (!strcmp(name, "datagrams_out"))
		*v = sv->datagrams_out;
	else if (!strcmp(name, "drops"))
		*v = sv->drops;
	else if (!strcmp(name, "port"))
		*v = sv->addr.port;
	else
		return -1;
	return 0;
}

void print_service(FILE *f, const char *name, const struct wsk_ioc_service *sv, bool json)
{
	char ad[80];

	format_addr(&sv->addr, ad, sizeof(ad));
	if (json) {
		fprintf(f, "{\"service\": \"%s\", \"id\": %u, \"kind\": \"%s\", \"protocol\": "
			"\"%s\", \"addr\": \"%s\", \"connections\": %" PRIu64 ", \"active\": %u, "
			"\"bytes_in\": %" PRIu64 ", \"bytes_out\": %" PRIu64 ", \"datagrams_in\": %"
			PRIu64 ", \"datagrams_out\": %" PRIu64 ", \"drops\": %" PRIu64 "}\n",
			name ? name : "", sv->id,
			sv->kind == WSK_SERVICE_ECHO ? "echo" : sv->kind == WSK_SERVICE_DISCARD ?
			"discard" : "unknown", sv->protocol == 17 ? "udp" : "tcp", ad,
			(uint64_t)sv->connections, sv->active, (uint64_t)sv->bytes_in,
			(uint64_t)sv->bytes_out, (uint64_t)sv->datagrams_in,
			(uint64_t)sv->datagrams_out, (uint64_t)sv->drops);
		return;
	}
	fprintf(f, "service %s%s%u %s: connections %" PRIu64 " (active %u) in %" PRIu64
		" bytes %" PRIu64 " datagrams, out %" PRIu64 " bytes %" PRIu64 " datagrams, "
		"drops %" PRIu64 "\n", name ? name : "", name ? " id " : "id ", sv->id, ad,
		(uint64_t)sv->connections, sv->active, (uint64_t)sv->bytes_in,
		(uint64_t)sv->datagrams_in, (uint64_t)sv->bytes_out, (uint64_t)sv->datagrams_out,
		(uint64_t)sv->drops);
}
