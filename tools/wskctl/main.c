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

const struct command *command_find(const char *object, const char *verb)
{
	const struct command *cmd;

	for (cmd = commands; cmd->object; cmd++)
		if (!strcmp(cmd->object, object) &&
		    (!cmd->verb || (verb && !strcmp(cmd->verb, verb))))
			return cmd;
	return NULL;
}

static bool object_known(const char *object)
{
	const struct command *cmd;

	for (cmd = commands; cmd->object; cmd++)
		if (!strcmp(cmd->object, object))
			return true;
	return false;
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

	fputs("Usage: wskctl [-j] [--drop-cap] COMMAND [ARGS...]\n"
	      "       wskctl COMMAND --help\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json       print results and event records as JSON (one object a line)\n"
	      "  --drop-cap       drop CAP_NET_ADMIN before opening /dev/wsk (tests EPERM)\n"
	      "  -V, --version    wskctl's version and ABI (no module needed); see also 'version'\n"
	      "  -h, --help       this text\n"
	      "\n"
	      "Commands (addresses as 127.0.0.1:9000 or [::1]:9000, events as accept,receive):\n",
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

int command_run(struct ctx *c, int argc, char **argv)
{
	static char name[64];
	const struct command *cmd;
	int skip, ret;

	cmd = command_find(argv[0], argc > 1 ? argv[1] : NULL);
	c->expect = NULL;
	c->expect_met = false;
	if (!cmd) {
		c->cmd = argv[0];
		if (object_known(argv[0])) {
			if (argc < 2 || wants_help(argc - 1, argv + 1)) {
				object_help(argc < 2 ? stderr : stdout, argv[0]);
				return argc < 2 ? fail(c, "missing the verb") : 0;
			}
			return fail_arg(c, argv[1], "unknown verb (see 'wskctl %s --help')",
					argv[0]);
		}
		return fail(c, "unknown command (see 'wskctl --help')");
	}
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
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			c.json = true;
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
