// SPDX-License-Identifier: GPL-2.0
/*
 * wskreqkey: a stand-in /sbin/request-key for the VM scenario "resolve". The VM's initramfs
 * has no keyutils; the kernel's DNS resolver (net/dns_resolver) upcalls
 *
 *	/sbin/request-key create KEY UID GID THREAD-KEYRING PROCESS-KEYRING SESSION-KEYRING
 *
 * to construct a "dns_resolver" key. This answers one fixed name as keyutils'
 * key.dns_resolver would, with a comma-separated address list:
 *
 *	wsk-test.invalid	127.0.0.1,::1
 *
 * and negates every other key (the lookup then fails with -ENOKEY). Each key it handles is
 * logged to /tmp/wskreqkey.log ("instantiate TYPE DESCRIPTION" or "negate ..."), so that the
 * scenario can show that the answer came through the real upcall. Exit status 0 if the key
 * was instantiated or negated.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/keyctl.h>
#include <sys/syscall.h>

#define TEST_NAME	"wsk-test.invalid"
#define TEST_ANSWER	"127.0.0.1,::1"
#define NEGATE_TIMEOUT	5	/* seconds a negated name stays cached */

static long keyctl(int op, unsigned long a2, unsigned long a3, unsigned long a4,
		   unsigned long a5)
{
	return syscall(SYS_keyctl, op, a2, a3, a4, a5);
}

static void logline(const char *what, const char *type, const char *desc)
{
	FILE *f = fopen("/tmp/wskreqkey.log", "a");

	if (f) {
		fprintf(f, "%s %s %s\n", what, type, desc);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	char info[512], *type, *desc, *p;
	long key, n;
	int i;

	if (argc < 3 || strcmp(argv[1], "create")) {
		fprintf(stderr, "wskreqkey: usage: create KEY UID GID KEYRINGS...\n");
		return 2;
	}
	key = strtol(argv[2], NULL, 10);
	/* The authorisation key the kernel gave this process lets it construct the key. */
	if (keyctl(KEYCTL_ASSUME_AUTHORITY, key, 0, 0, 0) < 0) {
		perror("wskreqkey: KEYCTL_ASSUME_AUTHORITY");
		return 1;
	}
	/* "TYPE;UID;GID;PERM;DESCRIPTION" */
	n = keyctl(KEYCTL_DESCRIBE, key, (unsigned long)info, sizeof(info) - 1, 0);
	if (n < 0 || n >= (long)sizeof(info)) {
		perror("wskreqkey: KEYCTL_DESCRIBE");
		keyctl(KEYCTL_NEGATE, key, NEGATE_TIMEOUT, 0, 0);
		return 1;
	}
	info[n] = '\0';
	type = info;
	for (p = info, i = 0; *p && i < 4; p++)
		if (*p == ';') {
			*p = '\0';
			i++;
		}
	desc = i == 4 ? p : "";
	if (!strcmp(type, "dns_resolver") && !strcmp(desc, TEST_NAME)) {
		/* The payload is a string whose NUL is counted (dns_resolver_preparse()). */
		if (keyctl(KEYCTL_INSTANTIATE, key, (unsigned long)TEST_ANSWER,
			   sizeof(TEST_ANSWER), 0) < 0) {
			perror("wskreqkey: KEYCTL_INSTANTIATE");
			keyctl(KEYCTL_NEGATE, key, NEGATE_TIMEOUT, 0, 0);
			return 1;
		}
		logline("instantiate", type, desc);
		return 0;
	}
	if (keyctl(KEYCTL_NEGATE, key, NEGATE_TIMEOUT, 0, 0) < 0) {
		perror("wskreqkey: KEYCTL_NEGATE");
		return 1;
	}
	logline("negate", type, desc);
	return 0;
}
