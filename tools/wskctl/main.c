// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl: drive and observe the wsk kernel module through /dev/wsk.
 *
 * Commands follow iproute2's "object verb" shape; the same commands make up scripts
 * (`wskctl run`). Every error names the command, the argument and the reason.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wskctl.h"

/*
 * What @name names among the candidates @at(0), @at(1), ... (repeats allowed): the one it
 * equals, else the only one it is a prefix of, as ip takes "ip a" for "ip address". NULL if
 * none or several (*@ambiguous then tells which).
 */
static const char *resolve_name(const char *name, const char *(*at)(size_t i, const void *arg),
				const void *arg, bool *ambiguous)
{
	size_t len = strlen(name), i;
	const char *found = NULL, *s;

	*ambiguous = false;
	for (i = 0; (s = at(i, arg)); i++)
		if (!strcmp(s, name))
			return s;
	if (!len)
		return NULL;
	for (i = 0; (s = at(i, arg)); i++) {
		if (strncmp(s, name, len) || (found && !strcmp(found, s)))
			continue;
		if (found) {
			*ambiguous = true;
			return NULL;
		}
		found = s;
	}
	return found;
}

static const char *object_at(size_t i, const void *arg)
{
	return commands[i].object;
}

/* The verbs of one object, in table order; NULL after the last. */
static const char *verb_at(size_t i, const void *arg)
{
	const char *object = arg;
	const struct command *cmd;

	for (cmd = commands; cmd->object; cmd++)
		if (!strcmp(cmd->object, object) && cmd->verb && !i--)
			return cmd->verb;
	return NULL;
}

const char *object_resolve(const char *name, bool *ambiguous)
{
	return resolve_name(name, object_at, NULL, ambiguous);
}

const char *verb_resolve(const char *object, const char *name, bool *ambiguous)
{
	return resolve_name(name, verb_at, object, ambiguous);
}

const struct command *command_find(const char *object, const char *verb)
{
	const struct command *cmd;
	bool amb;

	object = object_resolve(object, &amb);
	if (!object)
		return NULL;
	for (cmd = commands; cmd->object; cmd++)
		if (!strcmp(cmd->object, object) && !cmd->verb)
			return cmd;
	verb = verb ? verb_resolve(object, verb, &amb) : NULL;
	if (!verb)
		return NULL;
	for (cmd = commands; cmd->object; cmd++)
		if (!strcmp(cmd->object, object) && !strcmp(cmd->verb, verb))
			return cmd;
	return NULL;
}

/* The distinct candidates @name is a prefix of, for the message of an ambiguous one. */
static void list_candidates(char *buf, size_t size, const char *name,
			    const char *(*at)(size_t i, const void *arg), const void *arg)
{
	size_t i, j, used = 0, len = strlen(name);
	const char *s;

	buf[0] = 0;
	for (i = 0; (s = at(i, arg)); i++) {
		if (strncmp(s, name, len))
			continue;
		for (j = 0; j < i && strcmp(at(j, arg), s); j++)
			;
		if (j < i || used >= size)
			continue;
		used += snprintf(buf + used, size - used, "%s%s", used ? ", " : "", s);
	}
}

void command_help(FILE *f, const struct command *cmd)
{
	fprintf(f, "Usage: wskctl %s\n\n%s\n", cmd->usage, cmd->help);
	if (cmd->script_only)
		fputs("(script mode only: wskctl run)\n", f);
}

static void object_help(FILE *f, const char *object)
{
	const struct command *cmd;

	for (cmd = commands; cmd->object; cmd++)
		if (!strcmp(cmd->object, object)) {
			command_help(f, cmd);
			fputc('\n', f);
		}
}

/* -V: what wskctl is, without the module. */
static void print_own_version(struct ctx *c)
{
	struct pr p;

	pr_open(&p, stdout, c->json);
	pr_s(&p, "wskctl_version", "wskctl %s", WSK_VERSION);
	pr_u(&p, "wskctl_abi_major", " (ABI %" PRIu64, (uint64_t)WSK_ABI_MAJOR);
	pr_u(&p, "wskctl_abi_minor", ".%" PRIu64 ")", (uint64_t)WSK_ABI_MINOR);
	pr_close(&p);
}

void usage(FILE *f)
{
	const struct command *cmd;

	fputs("Usage: wskctl [-j] [-p] [--drop-cap] COMMAND [ARGS...]\n"
	      "       wskctl COMMAND --help\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json       print results and event records as JSON (one object a line)\n"
	      "  -p, --pretty     JSON, one field a line (implies -j; -jp works too)\n"
	      "  --drop-cap       drop CAP_NET_ADMIN before opening /dev/wsk (tests EPERM)\n"
	      "  -V, --version    wskctl's version and ABI (no module needed); see also 'version'\n"
	      "  -h, --help       this text\n"
	      "\n"
	      "Commands (addresses as 127.0.0.1:9000 or [::1]:9000, events as accept,receive;\n"
	      "any unique prefix of an object or verb will do: 'wskctl so cr' is socket create):\n",
	      f);
	for (cmd = commands; cmd->object; cmd++)
		if (!cmd->script_only)
			fprintf(f, "  %s%s%s\n", cmd->object, cmd->verb ? " " : "",
				cmd->verb ? cmd->verb : "");
	fputs("Script commands (wskctl run):\n ", f);
	for (cmd = commands; cmd->object; cmd++)
		if (cmd->script_only)
			fprintf(f, " %s", cmd->object);
	fputs("\n\nSee wskctl(8) for the script language and examples.\n", f);
}

static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") || !strcmp(argv[i], "help"))
			return true;
	return false;
}

/* Why OBJECT [VERB] names no command: unknown, ambiguous, or an object without its verb. */
static int command_unknown(struct ctx *c, int argc, char **argv)
{
	bool amb;
	const char *object = object_resolve(argv[0], &amb);
	char cands[256];

	c->cmd = argv[0];
	if (amb) {
		list_candidates(cands, sizeof(cands), argv[0], object_at, NULL);
		return fail(c, "ambiguous abbreviation of %s", cands);
	}
	if (!object)
		return fail(c, "unknown command (see 'wskctl --help')");
	c->cmd = object;
	if (argc < 2 || wants_help(argc - 1, argv + 1)) {
		object_help(argc < 2 ? stderr : stdout, object);
		return argc < 2 ? fail(c, "missing the verb") : 0;
	}
	verb_resolve(object, argv[1], &amb);
	if (amb) {
		list_candidates(cands, sizeof(cands), argv[1], verb_at, object);
		return fail_arg(c, argv[1], "ambiguous abbreviation of %s", cands);
	}
	return fail_arg(c, argv[1], "unknown verb (see 'wskctl %s --help')", object);
}

int command_run(struct ctx *c, int argc, char **argv)
{
	static char name[64];
	const struct command *cmd;
	int skip, ret;

	cmd = command_find(argv[0], argc > 1 ? argv[1] : NULL);
	c->expect = NULL;
	c->expect_met = false;
	if (!cmd)
		return command_unknown(c, argc, argv);
	snprintf(name, sizeof(name), "%s%s%s", cmd->object, cmd->verb ? " " : "",
		 cmd->verb ? cmd->verb : "");
	c->cmd = name;
	c->op = cmd->op;
	skip = cmd->verb ? 2 : 1;
	/* --help anywhere but inside exec/peer argument lists */
	if ((strcmp(cmd->object, "exec") && strcmp(cmd->object, "peer")) ?
	    wants_help(argc - skip, argv + skip) : wants_help(argc > skip, argv + skip)) {
		command_help(stdout, cmd);
		return 0;
	}
	if (cmd->script_only && !c->script)
		return fail(c, "only in scripts (wskctl run FILE)");
	ret = cmd->fn(c, argc - skip, argv + skip);
	fflush(stdout);
	return ret;
}

int main(int argc, char **argv)
{
	struct ctx c;
	int i = 1, ret;

	memset(&c, 0, sizeof(c));
	c.fd = -1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		/* Short options may be grouped: -jp. */
		if (argv[i][1] != '-' && argv[i][2] && strspn(argv[i] + 1, "jp") ==
		    strlen(argv[i] + 1)) {
			c.json = true;
			pr_pretty = pr_pretty || strchr(argv[i], 'p');
		} else if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			c.json = true;
		} else if (!strcmp(argv[i], "-p") || !strcmp(argv[i], "--pretty")) {
			/* Pretty JSON; as in bpftool, it implies -j. */
			c.json = true;
			pr_pretty = true;
		} else if (!strcmp(argv[i], "--drop-cap")) {
			c.drop_cap = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			/* wskctl's own version: never opens /dev/wsk. */
			print_own_version(&c);
			return 0;
		} else {
			fprintf(stderr, "wskctl: unknown option '%s' (see 'wskctl --help')\n",
				argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return 0;
	}
	ret = command_run(&c, argc - i, argv + i);
	script_cleanup(&c);
	if (c.fd >= 0)
		close(c.fd);
	return ret ? 1 : 0;
}
