/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wskctl: shared declarations of the command-line tool of wsk.
 *
 *   main.c     options, the command table, one-shot dispatch, --help
 *   parse.c    addresses, event names, flags, sizes, durations, status and errno names
 *   dev.c      /dev/wsk and its ioctls (no policy, just the calls and their results)
 *   print.c    the one output path: an object's fields as text or as JSON, from the same calls
 *   output.c   event records, socket info, service counters and request results, through it
 *   cmds.c     the commands shared by one-shot and script mode (socket, event, policy, ...)
 *   script.c   `wskctl run`: named handles, variables, the event queue, waits, expectations,
 *              background peers
 *   monitor.c  `wskctl monitor`
 *   service.c  `wskctl service`
 */
#ifndef WSKCTL_H
#define WSKCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <linux/wsk.h>

#define WSK_DEV "/dev/" WSK_DEVICE_NAME

#ifndef WSK_FLAG_PROCESS_CONTEXT
#define WSK_FLAG_PROCESS_CONTEXT 0x00010000
#endif

/* A status value that no kernel writes: tells "the ioctl wrote a status" from "it did not". */
#define WSKCTL_NO_STATUS 0xFFFFFFFFu

/* ---- parse.c ---- */

/* Every parser returns 0, or -1 with a reason in the caller's buffer (why, WSKCTL_WHY). */
#define WSKCTL_WHY 256

/* A name of a flag bit, for the sets wskctl reads and prints. */
struct flag_name {
	const char *name;
	uint32_t flag;
};

/* @mask as the names of its bits in @t, comma-separated, others in hex; "none" for 0. */
void format_flags(uint32_t mask, const struct flag_name *t, size_t n, char *buf, size_t len);
/* Names of @t, comma-separated ("none": 0), to a mask. -1: @bad has the unknown name. */
int parse_flags(const char *s, const struct flag_name *t, size_t n, uint32_t *mask,
		char *bad, size_t badlen);
int parse_addr(const char *s, struct wsk_addr *a, char *why);
void format_addr(const struct wsk_addr *a, char *buf, size_t len);
int parse_u64(const char *s, uint64_t *v, char *why);
int parse_size(const char *s, uint64_t *v, char *why);		/* 10, 4k, 100M, 1G */
int parse_duration(const char *s, uint64_t *ms, char *why);	/* 2s, 500ms, 1m, 3 (s) */
int parse_events(const char *s, uint32_t *mask, char *why);	/* accept,receive */
int parse_one_event(const char *s, uint32_t *flag, char *why);
const char *event_name(uint32_t flag);
void format_events(uint32_t mask, char *buf, size_t len);
int parse_category(const char *s, uint32_t *flags);		/* 0 if a category word */
const char *category_name(uint32_t flags);
int parse_action(const char *s, uint32_t *action, char *why);
const char *action_name(uint32_t action);
int parse_status(const char *s, uint32_t *status);		/* SUCCESS, STATUS_PENDING, 0x103 */
const char *status_name(uint32_t status);			/* NULL if unknown */
void format_status(uint32_t status, char *buf, size_t len);
int parse_errno(const char *s, int *e);				/* EINVAL */
const char *errno_name(int e);
int parse_record_kind(const char *s, uint32_t *kind, char *why);
const char *record_kind_name(uint32_t kind);
const char *op_name(uint32_t op);
int parse_op(const char *s, uint32_t *op, char *why);
void format_record_flags(uint32_t flags, char *buf, size_t len);
int parse_record_flags(const char *s, uint32_t *flags, char *why);
bool is_error_status(uint32_t status);
unsigned char pattern_byte(uint64_t pos);			/* wskpeer's data pattern */
/* "key=value": if tok starts with key=, *val is what follows. */
bool kv(const char *tok, const char *key, const char **val);

/* ---- dev.c ---- */

struct wsk_result {
	int err;		/* errno of a failed ioctl, else 0 */
	uint32_t status;	/* WSK status, or WSKCTL_NO_STATUS */
	uint64_t request_id;
	uint64_t information;
	uint32_t new_handle;
	struct wsk_addr addr;
};

int dev_open(bool drop_cap, int *err);
int dev_call(int fd, unsigned long cmd, void *arg, uint32_t *status_field,
	     struct wsk_result *r);

struct ctx;

/* ---- print.c ---- */

/*
 * One result, printed as text or as one JSON object. Each field call gives the JSON key and
 * the text form: a printf format with exactly one conversion, %" PRIu64 " (pr_u(), the value
 * passed as uint64_t) or %s (pr_s(), pr_set()), and whatever text goes around it. In JSON the
 * text form is not used; pr_set() takes a comma-separated list ("none": empty) and prints an
 * array. pr_ju() is a JSON-only field, pr_text() text-only framing.
 */
struct pr {
	FILE *f;
	bool json;
	int fields;
};

#define PR_FMT(n) __attribute__((format(printf, n, n + 1)))

void json_string(FILE *f, const char *s, size_t len);
/* -p: JSON objects one field a line, indented */
extern bool pr_pretty;
void pr_open(struct pr *p, FILE *f, bool json);
void pr_close(struct pr *p);
void pr_u(struct pr *p, const char *key, const char *fmt, ...) PR_FMT(3);
void pr_s(struct pr *p, const char *key, const char *fmt, ...) PR_FMT(3);
void pr_set(struct pr *p, const char *key, const char *fmt, ...) PR_FMT(3);
void pr_bool(struct pr *p, const char *key, bool v, const char *text);
void pr_data(struct pr *p, const char *key, const char *label, const void *data, size_t len);
void pr_ju(struct pr *p, const char *key, uint64_t v);
void pr_text(struct pr *p, const char *fmt, ...) PR_FMT(2);
void pr_value(FILE *f, bool json, const char *key, const char *fmt, ...) PR_FMT(4);

/* ---- output.c ---- */

void print_record(FILE *f, const struct wsk_event *e, bool json);
void print_sockinfo(FILE *f, const struct wsk_ioc_sockinfo *si, bool json);
void print_service(FILE *f, const char *name, const struct wsk_ioc_service *sv, bool json);
/* The value of a field of struct wsk_ioc_sockinfo / wsk_ioc_service by name. */
int sockinfo_field(const struct wsk_ioc_sockinfo *si, const char *name, uint64_t *v);
int service_field(const struct wsk_ioc_service *sv, const char *name, uint64_t *v);
int parse_state(const char *s, uint32_t *v);	/* bound,connected,... */
int sockinfo_get(struct ctx *c, uint32_t h, struct wsk_ioc_sockinfo *si);
extern const char *const sockinfo_fields[];
extern const char *const service_fields[];

/* ---- the execution context, shared by one-shot commands and scripts ---- */

#define MAX_NAMES 256
#define MAX_PEERS 32

struct wsk_name {
	char name[32];
	int kind;		/* NAME_SOCKET, NAME_SERVICE, NAME_VAR */
	uint32_t id;		/* handle or service id */
	char *value;		/* NAME_VAR */
};

enum { NAME_SOCKET = 1, NAME_SERVICE, NAME_VAR };

struct wsk_peer {
	char name[32];
	pid_t pid;
	int line;
};

struct ctx {
	int fd;			/* /dev/wsk, -1 until first needed */
	bool json;
	bool drop_cap;
	bool script;		/* names and script commands allowed */
	const char *file;	/* script file name ("-": stdin) */
	int line;		/* current line, 0 outside scripts */
	const char *cmd;	/* the command being run, for messages ("event enable") */
	uint32_t op;		/* its struct command.op */
	const char *expect;	/* expect=... of the current command, or NULL */
	bool expect_met;	/* the command consumed its expect= */

	/* Results of the last command. */
	struct wsk_result last;
	bool have_last;

	struct wsk_name names[MAX_NAMES];
	int nnames;
	struct wsk_peer peers[MAX_PEERS];

	/* Event records read but not yet matched by a wait. */
	struct wsk_event *q;
	bool *used;
	size_t qlen, qcap;
	uint64_t last_seq;	/* to detect gaps */
	uint64_t lost;		/* records dropped by the kernel or by our own queue */
	struct wsk_event rec;	/* the record the last wait matched */
	bool have_rec;
	bool monitor;		/* print records as they are read */
	bool quiet;		/* print no request results (steps inside one command) */
	FILE *mon;
};

/* Report an error about the current command: "wskctl [FILE:LINE: ]CMD: ...". Returns -1. */
int fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same, for an argument: "CMD: argument 'ARG': ...". */
int fail_arg(struct ctx *c, const char *arg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ctx_fd(struct ctx *c);
int resolve_handle(struct ctx *c, const char *tok, uint32_t *h);
const char *handle_label(struct ctx *c, uint32_t h, char *buf, size_t len);
struct wsk_name *name_find(struct ctx *c, const char *name);
int name_set(struct ctx *c, const char *name, int kind, uint32_t id, const char *value);

/* Check a finished ioctl against expect= or the default rule (an error status or errno
 * fails); sets c->last. */
int check_result(struct ctx *c, const char *what, const struct wsk_result *r);
/* Fail unless argc >= n, naming what is missing; fail on an unknown argument. */
int need(struct ctx *c, int argc, int n, const char *what);
int unknown(struct ctx *c, const char *tok);

/* Read every record now available (non-blocking); wait up to ms for at least one if ms > 0.
 * Returns the number read, or -1. */
int events_pump(struct ctx *c, int ms);

/* ---- commands (cmds.c, service.c, monitor.c, script.c) ---- */

struct command {
	const char *object;
	const char *verb;	/* NULL: the object alone is the command */
	int (*fn)(struct ctx *c, int argc, char **argv);	/* argv[0]: first argument */
	const char *usage;
	const char *help;
	bool script_only;
	uint32_t op;		/* a request command's WSK_REQ_* (ctx.op while it runs) */
};

extern const struct command commands[];
/* The command OBJECT [VERB] names, either of them abbreviated to a unique prefix; or NULL. */
const struct command *command_find(const char *object, const char *verb);
/* The object or verb a unique prefix names; NULL if none, or several (*ambiguous). */
const char *object_resolve(const char *name, bool *ambiguous);
const char *verb_resolve(const char *object, const char *name, bool *ambiguous);
int command_run(struct ctx *c, int argc, char **argv);	/* argv[0]: the object */
void command_help(FILE *f, const struct command *cmd);
void usage(FILE *f);

int cmd_service_foreground(struct ctx *c, int argc, char **argv);
int cmd_monitor(struct ctx *c, int argc, char **argv);
int cmd_monitor_all(struct ctx *c, uint64_t for_ms, uint64_t count);
int cmd_show(struct ctx *c, int argc, char **argv);
int script_run(struct ctx *c, const char *file, FILE *in, bool interactive);
int script_pump_fd(struct ctx *c);
void script_cleanup(struct ctx *c);

#endif
