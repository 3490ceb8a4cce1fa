// SPDX-License-Identifier: GPL-2.0
/*
 * wskctl: drive and observe the wsk kernel module through /dev/wsk.
 *
 * Commands follow iproute2's "object verb" shape. Every error names the command, the argument
 * and the reason.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/wsk.h>

#define WSK_DEV "/dev/" WSK_DEVICE_NAME

static int json;

static void die(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "wskctl %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int open_dev(const char *cmd)
{
	int fd = open(WSK_DEV, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		die(cmd, "cannot open %s: %s%s", WSK_DEV, strerror(errno),
		    errno == ENOENT ? " (is the wsk module loaded?)" :
		    errno == EPERM || errno == EACCES ? " (CAP_NET_ADMIN is needed)" : "");
	return fd;
}

static int cmd_version(int argc, char **argv)
{
	struct wsk_ioc_version v = { .size = sizeof(v) };
	int fd;

	if (argc > 1)
		die("version", "unexpected argument '%s'", argv[1]);
	fd = open_dev("version");
	if (ioctl(fd, WSK_IOC_VERSION, &v) < 0)
		die("version", "WSK_IOC_VERSION: %s", strerror(errno));
	close(fd);
	if (v.abi_major != WSK_ABI_MAJOR)
		fprintf(stderr, "wskctl version: warning: module ABI %u.%u, wskctl built for %u.%u\n",
			v.abi_major, v.abi_minor, WSK_ABI_MAJOR, WSK_ABI_MINOR);
	if (json)
		printf("{\"abi_major\": %u, \"abi_minor\": %u, \"kernel_release\": \"%s\", "
		       "\"wskctl_abi_major\": %u, \"wskctl_abi_minor\": %u}\n",
		       v.abi_major, v.abi_minor, v.kernel_release, WSK_ABI_MAJOR, WSK_ABI_MINOR);
	else
		printf("wsk module ABI %u.%u on Linux %s (wskctl ABI %u.%u)\n", v.abi_major,
		       v.abi_minor, v.kernel_release, WSK_ABI_MAJOR, WSK_ABI_MINOR);
	return 0;
}

static void usage(FILE *f)
{
	fputs("Usage: wskctl [-j] COMMAND [ARGS...]\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json     print results as JSON\n"
	      "  -h, --help     this text\n"
	      "\n"
	      "Commands:\n"
	      "  version        show the ABI of the loaded module and of wskctl\n",
	      f);
}

int main(int argc, char **argv)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "wskctl: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[i], "version"))
		return cmd_version(argc - i, argv + i);
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "wskctl: unknown command '%s' (try 'wskctl --help')\n", argv[i]);
	return 2;
}
