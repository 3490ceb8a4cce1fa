// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl: event records, socket info and service counters, through the one output path of
 * print.c (text, or JSON one object a line).
 */

#include <inttypes.h>
#include <string.h>

#include "wskctl.h"

void print_record(FILE *f, const struct wsk_event *e, bool json)
{
	char st[32], fl[96], ad[80];
	size_t dl = e->data_len < WSK_EVENT_DATA_MAX ? e->data_len : WSK_EVENT_DATA_MAX;
	struct pr p;

	format_status(e->status, st, sizeof(st));
	format_record_flags(e->flags, fl, sizeof(fl));
	format_addr(&e->addr, ad, sizeof(ad));
	pr_open(&p, f, json);
	pr_u(&p, "seq", "%" PRIu64, (uint64_t)e->seq);
	pr_ju(&p, "time_ns", e->time_ns);
	pr_text(&p, " %" PRIu64 ".%06" PRIu64, (uint64_t)e->time_ns / 1000000000,
		(uint64_t)e->time_ns % 1000000000 / 1000);
	pr_s(&p, "kind", " %s", record_kind_name(e->kind));
	pr_u(&p, "handle", " handle=%" PRIu64, (uint64_t)e->handle);
	if (e->kind == WSK_RECORD_COMPLETE) {
		pr_s(&p, "op", " op=%s", op_name(e->op));
		pr_u(&p, "request_id", " request=%" PRIu64, (uint64_t)e->request_id);
	}
	if (e->kind == WSK_RECORD_INSPECT || e->kind == WSK_RECORD_ABORT) {
		/* The request's id: key and serial number. */
		if (e->kind == WSK_RECORD_INSPECT)
			pr_s(&p, "action", " action=%s", e->status == 2 ? "pend" :
				 e->status == 1 ? "accept" : "reject");
		pr_u(&p, "key", " key=%" PRIu64, (uint64_t)e->bytes);
		pr_u(&p, "serial", " serial=%" PRIu64, (uint64_t)e->retained_id);
		pr_set(&p, "flags", " flags=%s", fl);
		if (e->addr.family)
			pr_s(&p, "addr", " addr=%s", ad);
		pr_close(&p);
		return;
	}
	pr_s(&p, "status", " status=%s", st);
	pr_u(&p, "bytes", " bytes=%" PRIu64, (uint64_t)e->bytes);
	pr_set(&p, "flags", " flags=%s", fl);
	if (e->kind == WSK_RECORD_ACCEPT)
		pr_u(&p, "new_handle", " new=%" PRIu64, (uint64_t)e->new_handle);
	if (e->retained_id)
		pr_u(&p, "retained_id", " retained=%" PRIu64, (uint64_t)e->retained_id);
	if (e->addr.family)
		pr_s(&p, "addr", " addr=%s", ad);
	if (e->dropped)
		pr_u(&p, "dropped", " dropped=%" PRIu64, (uint64_t)e->dropped);
	if (dl)
		pr_data(&p, "data", " data=", e->data, dl);
	pr_close(&p);
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

static const struct flag_name states[] = {
	{ "bound", WSK_SI_BOUND }, { "connected", WSK_SI_CONNECTED },
	{ "connecting", WSK_SI_CONNECTING }, { "closing", WSK_SI_CLOSING },
	{ "dead", WSK_SI_DEAD }, { "peer-fin", WSK_SI_PEER_FIN },
	{ "peer-reset", WSK_SI_PEER_RESET }, { "rx-stalled", WSK_SI_RX_STALLED },
	{ "accepted-event", WSK_SI_ACCEPTED_EVENT }, { "stream", WSK_SI_STREAM },
};

#define NSTATES (sizeof(states) / sizeof(states[0]))

int parse_state(const char *s, uint32_t *v)
{
	char bad[64];

	return parse_flags(s, states, NSTATES, v, bad, sizeof(bad));
}

void print_sockinfo(FILE *f, const struct wsk_ioc_sockinfo *si, bool json)
{
	char state[160], en[96], sm[96], inh[96], lo[80], re[80];
	struct pr p;

	format_flags(si->state, states, NSTATES, state, sizeof(state));
	format_events(si->enabled, en, sizeof(en));
	format_events(si->static_mask, sm, sizeof(sm));
	format_events(si->inherited, inh, sizeof(inh));
	format_addr(&si->local, lo, sizeof(lo));
	format_addr(&si->remote, re, sizeof(re));
	pr_open(&p, f, json);
	pr_u(&p, "handle", "handle %" PRIu64 ": ", (uint64_t)si->handle);
	pr_s(&p, "category", "%s", category_name(si->category));
	pr_bool(&p, "process_context", si->sock_flags & WSK_FLAG_PROCESS_CONTEXT,
		" (process context)");
	pr_set(&p, "state", ", state %s\n", state);
	pr_s(&p, "local", "  local %s", lo);
	pr_s(&p, "remote", " remote %s", re);
	pr_u(&p, "parent", " parent %" PRIu64 "\n", (uint64_t)si->parent);
	pr_set(&p, "enabled", "  enabled %s", en);
	pr_set(&p, "static", " static %s", sm);
	pr_set(&p, "inherited", " inherited %s\n", inh);
	pr_u(&p, "in_progress", "  in-progress %" PRIu64, (uint64_t)si->in_progress);
	pr_u(&p, "held", " held %" PRIu64, (uint64_t)si->held);
	pr_u(&p, "retained_lists", " retained %" PRIu64 " lists", (uint64_t)si->retained_lists);
	pr_u(&p, "retained_bytes", " %" PRIu64 " bytes\n", (uint64_t)si->retained_bytes);
	pr_u(&p, "callbacks", "  callbacks %" PRIu64, (uint64_t)si->callbacks);
	pr_u(&p, "indicated_bytes", " indicated %" PRIu64 " bytes",
	     (uint64_t)si->indicated_bytes);
	pr_u(&p, "completions", " completions %" PRIu64, (uint64_t)si->completions);
	pr_close(&p);
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
	const char *kind = sv->kind == WSK_SERVICE_ECHO ? "echo" :
			   sv->kind == WSK_SERVICE_DISCARD ? "discard" : "unknown";
	char ad[80];
	struct pr p;

	format_addr(&sv->addr, ad, sizeof(ad));
	pr_open(&p, f, json);
	pr_s(&p, "service", "service %s", name ? name : "");
	pr_u(&p, "id", name ? " id %" PRIu64 : "id %" PRIu64, (uint64_t)sv->id);
	pr_s(&p, "kind", " %s", kind);
	pr_s(&p, "protocol", " %s", sv->protocol == 17 ? "udp" : "tcp");
	pr_s(&p, "addr", " %s:", ad);
	pr_u(&p, "connections", " connections %" PRIu64, (uint64_t)sv->connections);
	pr_u(&p, "active", " (active %" PRIu64 ")", (uint64_t)sv->active);
	pr_u(&p, "bytes_in", " in %" PRIu64 " bytes", (uint64_t)sv->bytes_in);
	pr_u(&p, "datagrams_in", " %" PRIu64 " datagrams,", (uint64_t)sv->datagrams_in);
	pr_u(&p, "bytes_out", " out %" PRIu64 " bytes", (uint64_t)sv->bytes_out);
	pr_u(&p, "datagrams_out", " %" PRIu64 " datagrams,", (uint64_t)sv->datagrams_out);
	pr_u(&p, "drops", " drops %" PRIu64, (uint64_t)sv->drops);
	pr_close(&p);
}
