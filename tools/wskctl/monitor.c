// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl monitor: print event records live. Records belong to the open file whose sockets
 * produced them, so the monitor runs the commands that make those sockets (a script file, or
 * stdin read interactively) and prints every record as it arrives, then keeps printing until
 * --for, --count or SIGINT/SIGTERM. In scripts, `monitor on|off` switches the printing.
 * With --all it watches every client of the system instead, through wsk's tracepoints
 * (show.c).
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wskctl.h"

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cmd_monitor(struct ctx *c, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_stop };
	const char *file = NULL;
	char why[WSKCTL_WHY];
	uint64_t for_ms = 0, count = 0, start;
	bool all = false;
	int i;

	if (c->script) {
		if (argc != 1 || (strcmp(argv[0], "on") && strcmp(argv[0], "off")))
			return fail(c, "in scripts: 'monitor on' or 'monitor off'");
		c->monitor = argv[0][1] == 'n';
		return 0;
	}
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--for") || !strcmp(argv[i], "--count")) {
			if (i + 1 >= argc)
				return fail_arg(c, argv[i], "missing the value after it");
			if (argv[i][2] == 'f' ? parse_duration(argv[i + 1], &for_ms, why) :
			    parse_u64(argv[i + 1], &count, why))
				return fail_arg(c, argv[i + 1], "%s", why);
			i++;
		} else if (!strcmp(argv[i], "--all")) {
			all = true;
		} else if (!file) {
			file = argv[i];
		} else {
			return fail_arg(c, argv[i], "unknown argument");
		}
	}
	if (all) {
		if (file)
			return fail_arg(c, file, "--all runs no script: it watches every client");
		return cmd_monitor_all(c, for_ms, count);
	}
	if (ctx_fd(c) < 0)
		return -1;
	c->monitor = true;
	c->mon = stdout;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	start = mono_ms();
	if (file) {
		const char *cmd = c->cmd;
		FILE *in = strcmp(file, "-") ? fopen(file, "r") : stdin;
		int ret;

		if (!in)
			return fail_arg(c, file, "cannot open: %s", strerror(errno));
		ret = script_run(c, in == stdin ? "<stdin>" : file, in,
				 in == stdin && isatty(fileno(stdin)));
		if (in != stdin)
			fclose(in);
		c->cmd = cmd;
		if (ret)
			return -1;
	}
	c->script = false;
	while (!stop_signal) {
		uint64_t t = mono_ms();
		int ms = 1000;

		if (count && c->last_seq >= count)
			break;
		if (for_ms) {
			if (t >= start + for_ms)
				break;
			if (start + for_ms - t < 1000)
				ms = (int)(start + for_ms - t);
		}
		if (events_pump(c, ms) < 0)
			return -1;
		/* The monitor keeps no history: forget what was printed. */
		c->qlen = 0;
	}
	if (c->lost)
		fprintf(stderr, "wskctl monitor: %llu records were lost (queue full)\n",
			(unsigned long long)c->lost);
	return 0;
}
