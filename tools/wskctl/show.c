// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl show: the system-wide view of the wsk clients of this network namespace and their
 * sockets, from /proc/net/wsk (kmod/view.c), kernel clients included. And wskctl monitor
 * --all: the events of every client, live, from wsk's tracepoints (events/wsk in tracefs).
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <fcntl.h>

#include "wskctl.h"

#define WSK_VIEW_FILE	"/proc/net/wsk"

/* The fields whose values are sets (comma lists, "-" for none): JSON arrays. */
static bool show_is_set(const char *key)
{
	return !strcmp(key, "state") || !strcmp(key, "enabled") || !strcmp(key, "static") ||
	       !strcmp(key, "inherited");
}

static bool show_is_number(const char *v)
{
	if (!*v)
		return false;
	for (; *v; v++)
		if (*v < '0' || *v > '9')
			return false;
	return true;
}

/* One value as JSON: a number, an array of names, an object of counts, or a string. */
static void show_json_value(FILE *f, const char *key, const char *v)
{
	const char *s, *end;

	if (show_is_set(key)) {
		fputc('[', f);
		if (strcmp(v, "-")) {
			for (s = v; *s; s = *end ? end + 1 : end) {
				end = strchr(s, ',');
				if (!end)
					end = s + strlen(s);
				if (s != v)
					fputs(", ", f);
				json_string(f, s, end - s);
			}
		}
		fputc(']', f);
	} else if (!strcmp(key, "queued")) {
		/* accept:N,receive:N,...: an object of counts */
		fputc('{', f);
		for (s = v; *s; s = *end ? end + 1 : end) {
			const char *colon = strchr(s, ':');

			end = strchr(s, ',');
			if (!end)
				end = s + strlen(s);
			if (!colon || colon > end)
				break;
			fprintf(f, "%s", s != v ? ", " : "");
			json_string(f, s, colon - s);
			fprintf(f, ": %.*s", (int)(end - colon - 1), colon + 1);
		}
		fputc('}', f);
	} else if (show_is_number(v)) {
		fputs(v, f);
	} else {
		json_string(f, v, strlen(v));
	}
}

/* A line of the view as one JSON object: {"type": "client"|"socket", fields...}. */
static void show_json_line(FILE *f, char *line)
{
	char *tok, *save = NULL, *eq;

	tok = strtok_r(line, " ", &save);
	if (!tok)
		return;
	fputc('{', f);
	fprintf(f, pr_pretty ? "\n  \"type\": " : "\"type\": ");
	json_string(f, tok, strlen(tok));
	while ((tok = strtok_r(NULL, " ", &save))) {
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = 0;
		fputs(pr_pretty ? ",\n  " : ", ", f);
		json_string(f, tok, strlen(tok));
		fputs(": ", f);
		/* The owner is the rest of the line, spaces and all. */
		if (!strcmp(tok, "owner")) {
			char *rest = eq + 1;

			if (save && *save)
				rest[strlen(rest)] = ' ';
			json_string(f, rest, strlen(rest));
			break;
		}
		show_json_value(f, tok, eq + 1);
	}
	fputs(pr_pretty ? "\n}\n" : "}\n", f);
}

int cmd_show(struct ctx *c, int argc, char **argv)
{
	char line[1024];
	FILE *f;
	int n = 0;

	if (argc)
		return fail_arg(c, argv[0], "unknown argument");
	f = fopen(WSK_VIEW_FILE, "r");
	if (!f) {
		if (errno == ENOENT)
			return fail(c, "%s: %s: is the wsk module loaded?", WSK_VIEW_FILE,
				    strerror(errno));
		return fail(c, "%s: %s%s", WSK_VIEW_FILE, strerror(errno),
			    errno == EACCES || errno == EPERM ? ": CAP_NET_ADMIN is needed" : "");
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (c->json) {
			show_json_line(stdout, line);
		} else {
			/* Sockets under their client, as ss and wg show nest them. */
			printf("%s%s\n", strncmp(line, "socket ", 7) ? "" : "  ", line);
		}
		n++;
	}
	if (ferror(f)) {
		int err = errno;

		fclose(f);
		return fail(c, "%s: %s%s", WSK_VIEW_FILE, strerror(err),
			    err == EPERM ? ": CAP_NET_ADMIN is needed" : "");
	}
	fclose(f);
	if (!n && !c->json)
		printf("no wsk clients in this network namespace\n");
	return 0;
}

/* ---- monitor --all ---- */

static volatile sig_atomic_t all_stop;

static void all_on_stop(int sig)
{
	all_stop = sig;
}

static const char *tracefs(void)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char p[128];
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(p, sizeof(p), "%s/events", dirs[i]);
		if (!access(p, F_OK))
			return dirs[i];
	}
	/* Not mounted yet: mount it where it belongs (root may). */
	if (!mount("nodev", dirs[0], "tracefs", 0, NULL))
		return dirs[0];
	return NULL;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -errno : 0;
}

/* The first byte of a small file, or 0. */
static char read_first(const char *path)
{
	char ch = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	if (read(fd, &ch, 1) != 1)
		ch = 0;
	close(fd);
	return ch;
}

/* A trace line "  task-pid [cpu] flags ts: wsk_event: k=v ..." as JSON or as text. */
static void all_print(struct ctx *c, char *line)
{
	char *ev = strstr(line, " wsk_"), *colon, rest[1024];

	if (!ev)
		return;
	colon = strchr(ev + 1, ':');
	if (!colon)
		return;
	if (!c->json) {
		printf("%s\n", ev + 1);
		return;
	}
	/* "wsk_callback: sock=..." -> {"type": "wsk_callback", "sock": ...} */
	*colon = 0;
	snprintf(rest, sizeof(rest), "%s%s", ev + 1, colon + 1);
	show_json_line(stdout, rest);
}

int cmd_monitor_all(struct ctx *c, uint64_t for_ms, uint64_t count)
{
	struct sigaction sa = { .sa_handler = all_on_stop };
	const char *t = tracefs();
	char path[160], buf[4096], line[1024];
	size_t used = 0;
	uint64_t seen = 0;
	struct timespec ts;
	uint64_t start, now;
	bool was_on;
	int fd, err;

	if (!t)
		return fail(c, "no tracefs (the kernel has no event tracing, or it cannot be "
			    "mounted)");
	snprintf(path, sizeof(path), "%s/events/wsk/enable", t);
	/* Left as found: on if someone else had switched the events on. */
	was_on = read_first(path) == '1';
	err = write_file(path, "1");
	if (err)
		return fail(c, "%s: %s%s", path, strerror(-err),
			    err == -ENOENT ? ": is the wsk module loaded?" : "");
	snprintf(path, sizeof(path), "%s/trace_pipe", t);
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		err = errno;
		snprintf(path, sizeof(path), "%s/events/wsk/enable", t);
		if (!was_on)
			write_file(path, "0");
		return fail(c, "%s/trace_pipe: %s", t, strerror(err));
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	start = (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	while (!all_stop && (!count || seen < count)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;
		char *nl;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		now = (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		if (for_ms && now >= start + for_ms)
			break;
		if (poll(&p, 1, 200) <= 0)
			continue;
		n = read(fd, buf + used, sizeof(buf) - 1 - used);
		if (n <= 0)
			continue;
		used += n;
		buf[used] = 0;
		while ((nl = strchr(buf, '\n')) && (!count || seen < count)) {
			size_t len = nl - buf;

			snprintf(line, sizeof(line), "%.*s", (int)len, buf);
			memmove(buf, nl + 1, used - len);
			used -= len + 1;
			buf[used] = 0;
			if (strstr(line, " wsk_")) {
				all_print(c, line);
				seen++;
			}
		}
		if (used == sizeof(buf) - 1)
			used = 0;	/* a line longer than the buffer: dropped */
		fflush(stdout);
	}
	close(fd);
	snprintf(path, sizeof(path), "%s/events/wsk/enable", t);
	if (!was_on)
		write_file(path, "0");
	return 0;
}
