// SPDX-License-Identifier: GPL-2.0
/*
 * wskfuzz: a seeded, bounded fuzzer of the /dev/wsk ioctl ABI (include/uapi/linux/wsk.h).
 *
 *   wskfuzz [-s SEED] [-n CALLS] [-t SECONDS] [-j THREADS] [-p PROCS] [-f PERCENT] [-k MS]
 *
 * The parent forks PROCS worker processes of THREADS fuzzing threads each. Every thread makes
 * its decisions from its own PRNG, seeded from SEED, its process slot, the slot's incarnation
 * and its thread index, so a seed replays the same decisions per thread (what the kernel
 * answers depends on timing). The threads share /dev/wsk files in three ways: one opened by the
 * parent and inherited by every worker, two per process shared by its threads, and one per
 * thread that the others also use now and then; handles of one file are tried on the others.
 *
 * Each thread, in a loop bounded by CALLS (the total, all processes together) and SECONDS:
 *  - makes every ioctl of the header, with valid arguments most of the time and otherwise one
 *    mutation: short, long, huge sizes, a non-zero tail, unknown flag bits, non-zero reserved
 *    fields, garbage, NULL, kernel, non-canonical and unmapped pointers, a struct that runs
 *    into a guard page, or a struct in a region another thread munmap()s at any moment;
 *  - creates sockets of every category on 127.0.0.1 and ::1, binds, listens, connects,
 *    accepts, enables events, sets policies (hold and retain among them), posts every
 *    request synchronously (interrupted by a signal at a random moment) and asynchronously,
 *    releases retained data, lets held callbacks go, runs services, reads and polls records;
 *  - sends real traffic to what it created: TCP connections from ordinary sockets with
 *    bursts, urgent bytes and resets (SO_LINGER 0), UDP datagrams of random sizes;
 *  - closes files while other threads use them, and, with -f, turns fault injection on
 *    (/proc/thread-self/make-it-fail) for PERCENT of its operations; the failslab settings
 *    themselves (/sys/kernel/debug/failslab) are the caller's.
 * The parent SIGKILLs a random worker every MS milliseconds on average (-k, 0: never) and
 * forks a new incarnation in its place, until the bounds are reached.
 *
 * Findings are what userspace can prove wrong:
 *  - a call that blocks longer than 20 s (a watchdog thread per worker);
 *  - a worker not reaped within 30 s of SIGKILL, or a worker that dies of a signal of its own;
 *  - an errno that the ABI documents for no case of that call (include/uapi/linux/wsk.h and
 *    the errno list at the top of kmod/chardev.c; ENOMEM is always allowed), a kernel-internal
 *    errno (512 and above), or where the header is precise a different one: ENOTTY for an
 *    unknown command, EINVAL for unknown flag bits and non-zero reserved fields, E2BIG for a
 *    larger struct with a non-zero tail; success with an argument the kernel cannot read;
 *  - the kernel writing outside what it was given: past the struct's size, past a receive's
 *    length, into an asynchronous receive's buffer, past read()'s count (canary bytes);
 *  - records that break the header: partial records, unknown kinds, data_len above
 *    WSK_EVENT_DATA_MAX, non-zero reserved fields, sequence numbers that do not increase;
 *    an asynchronous request without STATUS_PENDING, a synchronous one that returned with it.
 * Each is printed as it is found with the seed, the worker and thread and the thread's call
 * index. Kernel reports (KASAN, lockdep, WARN, kmemleak, hung tasks) are for the caller to
 * catch in the kernel log.
 *
 * The last line is the summary:
 *   wskfuzz: seed S calls N seconds T procs P threads J findings F
 * after one line per call kind with its results (ok and each errno). Exit status: 0 without
 * findings, 1 with, 2 for bad usage or a setup failure.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../include/uapi/linux/wsk.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE		4096UL
#define MAX_PROCS	16
#define MAX_THREADS	16
#define NSHARED		2		/* files shared by the threads of a process */
#define NSLOTS		(1 + NSHARED + MAX_THREADS)
#define NH		32		/* handles remembered per file */
#define NRET		16		/* retained lists remembered per file */
#define NHELD		8		/* held callbacks remembered per file */
#define NSVC		4		/* services per file */
#define NPORTS		64		/* ports the sockets listen on, all processes */
#define NUSOCK		8		/* traffic sockets per thread */
#define ARG_RW		(3 * PAGE)	/* a thread's argument area, then a guard page */
#define DATA_LEN	(256 * 1024)	/* a thread's data area, between guard pages */
#define VOL_LEN		(16 * PAGE)	/* the region a thread unmaps under the others */
#define CANARY		64
#define WATCHDOG_S	20		/* a call blocked this long is a finding */
#define REAP_S		30		/* a SIGKILLed worker must be gone by then */
#define GRACE_S		30		/* workers end this long after the bounds at most */
#define MAX_PRINTED	200		/* findings printed in full */

/* Call kinds: the ioctls in header order, then the other calls on /dev/wsk. */
enum {
	K_VERSION, K_SOCKET, K_REQUEST, K_CONTROL, K_STATIC, K_BACKLOG, K_SOCKINFO, K_POLICY,
	K_RELEASE, K_UNHOLD, K_SERVICE, K_OPTION, K_INSPECT, K_RESOLVE, K_BADCMD, K_READ, K_POLL,
	K_OPEN, K_CLOSE, NKIND
};

static const char *const kind_name[NKIND] = {
	"VERSION", "SOCKET", "REQUEST", "CONTROL", "STATIC", "QUERY_BACKLOG", "SOCKINFO",
	"POLICY", "RELEASE", "UNHOLD", "SERVICE", "OPTION", "INSPECT", "RESOLVE",
	"unknown-cmd", "read", "poll", "open", "close",
};

#define NERR		136		/* 0 ok, 1..133 errno, 134 others, 135 kernel-internal */

/* Shared by the parent and every worker (MAP_SHARED). */
struct shared {
	_Atomic uint64_t calls;
	_Atomic uint64_t findings;
	_Atomic uint64_t traffic;
	_Atomic uint64_t raced;
	_Atomic uint64_t kills;
	_Atomic uint64_t spawns;
	_Atomic int stop;
	_Atomic uint32_t ports[NPORTS];	/* port | v6 << 16 | udp << 17 */
	_Atomic uint64_t res[NKIND][NERR];
};

static struct shared *sh;
static uint64_t opt_seed = 1, opt_calls = 100000, opt_secs = 60;
static int opt_threads = 4, opt_procs = 2, opt_failslab, opt_kill_ms = 1500;
static uint64_t t0_ns, deadline_ns;
static int global_fd = -1;

/* PRNG: splitmix64, one state per thread. */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rng_next(uint64_t *s)
{
	*s += 0x9e3779b97f4a7c15ULL;
	return mix64(*s);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* A /dev/wsk file and what the threads learnt about it. */
struct fdslot {
	_Atomic int fd;
	_Atomic uint32_t gen;		/* odd while being closed; changes at every close */
	bool global, nonblock;
	_Atomic uint64_t h[NH];		/* handle | category << 32 | process-context << 40 */
	_Atomic uint64_t ret[NRET];	/* handle | retained id << 32 */
	_Atomic uint64_t held[NHELD];	/* handle | event << 32 */
	_Atomic uint32_t svc[NSVC];
};

/* What a thread is doing, for the watchdog and the signaller. */
struct watch {
	_Atomic uint64_t start;		/* 0: between calls */
	_Atomic uint64_t intr_at;	/* a blocking call: signal the thread then (0: not) */
	_Atomic uint64_t call;
	_Atomic int kind;
	_Atomic uint64_t reported;	/* the call already reported */
	_Atomic pid_t tid;
};

struct thr {
	int idx;
	uint64_t rng;
	uint64_t ncalls;
	pthread_t th;
	struct watch *w;
	uint8_t *arg;			/* ARG_RW bytes, then a guard page */
	uint8_t *data;			/* DATA_LEN bytes between guard pages */
	uint8_t snap[PAGE + 2 * CANARY];
	int usock[NUSOCK];
	int udp[2];
	uint64_t lastseq[NSLOTS];
	uint32_t seqgen[NSLOTS];
	int mif;			/* /proc/thread-self/make-it-fail, or -1 */
	bool failing;
};

/* The worker process. */
static int proc_slot, proc_inc;
static struct fdslot slots[NSLOTS];
static struct watch watches[MAX_THREADS];
static struct thr thrs[MAX_THREADS];
static uint8_t *vol;			/* VOL_LEN bytes, mapped or not at any moment */
static _Atomic int vol_mapped;
/* Held for writing while it is unmapped or mapped, for reading while we write into it. */
static pthread_rwlock_t vol_lock = PTHREAD_RWLOCK_INITIALIZER;
static _Atomic int workers_done;

static uint64_t rnd(struct thr *t)
{
	return rng_next(&t->rng);
}

static uint64_t below(struct thr *t, uint64_t n)
{
	return n ? rnd(t) % n : 0;
}

static bool chance(struct thr *t, unsigned int pct)
{
	return below(t, 100) < pct;
}

static void out_line(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(1, s, n);

		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= w;
	}
}

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	out_line(line, n);
}

/* A finding: counted, and printed in full (the first MAX_PRINTED) with how to replay it. */
static void vfinding(int tidx, uint64_t call, const char *fmt, va_list ap)
{
	uint64_t n = atomic_fetch_add(&sh->findings, 1) + 1;
	char what[768];

	if (n > MAX_PRINTED)
		return;
	vsnprintf(what, sizeof(what), fmt, ap);
	if (tidx >= 0)
		say("wskfuzz: FINDING %" PRIu64 ": seed %" PRIu64 " proc %d.%d thread %d call %"
		    PRIu64 ": %s", n, opt_seed, proc_slot, proc_inc, tidx, call, what);
	else
		say("wskfuzz: FINDING %" PRIu64 ": seed %" PRIu64 " parent: %s", n, opt_seed, what);
}

static void __attribute__((format(printf, 2, 3))) finding(struct thr *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfinding(t ? t->idx : -1, t ? t->ncalls : 0, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 3, 4)))
finding_at(int tidx, uint64_t call, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfinding(tidx, call, fmt, ap);
	va_end(ap);
}

static const char *ename(int e)
{
	const char *s = e > 0 ? strerrorname_np(e) : NULL;

	return s ? s : "E?";
}

/* Accounting and the errno rules */

static void account(int kind, int err)
{
	int i = err <= 0 ? 0 : err >= 512 ? 135 : err < 134 ? err : 134;

	atomic_fetch_add_explicit(&sh->res[kind][i], 1, memory_order_relaxed);
}

/* The errnos a failed WskSocket (or service start) can map to (kmod/status.c), and -EIO. */
static bool status_errno(int e)
{
	static const int set[] = {
		EINPROGRESS, EOVERFLOW, EOPNOTSUPP, EINVAL, EACCES, EPERM, ENOMEM, ENOBUFS, EAGAIN,
		ETIMEDOUT, EBADF, ECONNABORTED, ECANCELED, ENOTCONN, EISCONN, EALREADY, EPIPE,
		ECONNRESET, ECONNREFUSED, ESHUTDOWN, EADDRINUSE, ENETUNREACH, EHOSTUNREACH,
		EADDRNOTAVAIL, EAFNOSUPPORT, EDESTADDRREQ, ENOPROTOOPT, EPROTONOSUPPORT,
		ESOCKTNOSUPPORT, EFAULT, EMSGSIZE, EMFILE, EIO,
	};
	size_t i;

	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (set[i] == e)
			return true;
	return false;
}

/*
 * Whether the ABI documents @e for some case of @kind: the header, the errno list of
 * kmod/chardev.c and the per-open limits of the header and the README (EMFILE, ENOSPC,
 * ENOBUFS, EDQUOT).
 */
static bool errno_documented(int kind, int e)
{
	if (!e)
		return true;
	if (e >= 512)
		return false;
	switch (kind) {
	case K_BADCMD:
		return e == ENOTTY;
	case K_READ:
		return e == EINVAL || e == EAGAIN || e == EFAULT || e == EINTR;
	case K_POLL:
		return e == EINTR || e == EFAULT || e == ENOMEM || e == EINVAL;
	case K_OPEN:
		return e == ENOMEM || e == EMFILE || e == ENFILE;
	case K_CLOSE:
		return false;
	}
	if (e == EFAULT || e == EINVAL || e == E2BIG || e == ENOMEM)
		return true;
	switch (kind) {
	case K_VERSION:
	case K_STATIC:
		return false;
	case K_SOCKET:
		return e == EMFILE || e == EBADF || status_errno(e);
	case K_REQUEST:
		return e == EBADF || e == EINTR || e == ENOSPC || e == ENOBUFS || e == EMFILE;
	case K_CONTROL:
		return e == EBADF || e == ENOSPC;
	case K_RELEASE:
		return e == EBADF || e == ENOENT;
	case K_SERVICE:
		return e == ENOENT || e == EBUSY || e == EDQUOT || status_errno(e);
	case K_OPTION:
		return e == EBADF || e == EINTR || e == ENOSPC;
	}
	return e == EBADF;
}

/* Bounds and the watchdog's view */

static bool stopping(void)
{
	if (atomic_load_explicit(&sh->stop, memory_order_relaxed))
		return true;
	if (now_ns() >= deadline_ns) {
		atomic_store(&sh->stop, 1);
		return true;
	}
	return false;
}

/* Count one more call; false once a bound is reached. */
static bool next_call(struct thr *t)
{
	if (stopping())
		return false;
	if (atomic_fetch_add(&sh->calls, 1) >= opt_calls) {
		atomic_store(&sh->stop, 1);
		return false;
	}
	t->ncalls++;
	return true;
}

/*
 * SIGUSR1 interrupts blocking calls: its handler does nothing, installed without SA_RESTART.
 * The signaller thread sends it (the debug kernels have no POSIX timers).
 */
static void on_signal(int sig)
{
	(void)sig;
}

static void call_begin(struct thr *t, int kind, bool blocking)
{
	uint64_t now = now_ns();

	atomic_store_explicit(&t->w->kind, kind, memory_order_relaxed);
	atomic_store_explicit(&t->w->call, t->ncalls, memory_order_relaxed);
	atomic_store(&t->w->start, now);
	if (blocking)
		atomic_store(&t->w->intr_at, now + (1 + below(t, 20)) * 1000000ULL);
}

static void call_end(struct thr *t, bool blocking)
{
	if (blocking)
		atomic_store(&t->w->intr_at, 0);
	atomic_store(&t->w->start, 0);
}

/* Fault injection for this thread's next operation. */
static void failslab_mode(struct thr *t)
{
	bool want = t->mif >= 0 && chance(t, opt_failslab);

	if (want == t->failing)
		return;
	if (pwrite(t->mif, want ? "1" : "0", 1, 0) == 1)
		t->failing = want;
}

/* Files */

static int slot_index(struct fdslot *sl)
{
	return (int)(sl - slots);
}

static struct fdslot *pick_slot(struct thr *t)
{
	unsigned int r = below(t, 100);

	if (r < 55)
		return &slots[1 + NSHARED + t->idx];
	if (r < 80)
		return &slots[1 + below(t, NSHARED)];
	if (r < 90 && global_fd >= 0)
		return &slots[0];
	return &slots[1 + NSHARED + below(t, opt_threads)];
}

/* The slot's file, opened if it has none; -1 if it cannot be used now. */
static int slot_fd(struct thr *t, struct fdslot *sl, uint32_t *gen)
{
	int fd, nfd, none = -1;

	*gen = atomic_load(&sl->gen);
	if (*gen & 1)
		return -1;
	fd = atomic_load(&sl->fd);
	if (fd >= 0 || sl->global)
		return fd;
	if (!next_call(t))
		return -1;
	call_begin(t, K_OPEN, false);
	nfd = open("/dev/wsk", O_RDWR | O_CLOEXEC | (sl->nonblock ? O_NONBLOCK : 0));
	call_end(t, false);
	account(K_OPEN, nfd < 0 ? errno : 0);
	if (nfd < 0) {
		if (!errno_documented(K_OPEN, errno))
			finding(t, "open /dev/wsk: %s", ename(errno));
		return -1;
	}
	if (!atomic_compare_exchange_strong(&sl->fd, &none, nfd)) {
		close(nfd);
		return none;
	}
	return nfd;
}

static void pool_add(struct thr *t, struct fdslot *sl, uint32_t h, uint32_t cat, bool proc)
{
	if (h)
		atomic_store(&sl->h[below(t, NH)],
			     (uint64_t)h | (uint64_t)cat << 32 | (uint64_t)proc << 40);
}

/*
 * A handle: mostly one this file gave out (of category @cat if >= 0), sometimes not.
 * @got: its category as far as known (-1 if not), if not NULL.
 */
static uint32_t pick_handle_cat(struct thr *t, struct fdslot *sl, int cat, int *got)
{
	unsigned int r = below(t, 100), i;
	struct fdslot *from = sl;
	uint64_t e, any = 0;
	int dummy;

	if (!got)
		got = &dummy;
	*got = -1;
	if (r >= 92)
		return r < 95 ? 0 : r < 98 ? 1 + below(t, 64) : (uint32_t)rnd(t);
	if (r >= 80)	/* foreign: another file's handle */
		from = &slots[below(t, 1 + NSHARED + opt_threads)];
	for (i = 0; i < 8; i++) {
		e = atomic_load(&from->h[below(t, NH)]);
		if (!e)
			continue;
		any = e;
		if (cat < 0 || (int)((e >> 32) & 0xff) == cat)
			break;
	}
	if (!any)
		return 1 + below(t, 8);
	*got = (int)((any >> 32) & 0xff);
	return (uint32_t)any;
}

static uint32_t pick_handle(struct thr *t, struct fdslot *sl, int cat)
{
	return pick_handle_cat(t, sl, cat, NULL);
}

static void port_add(struct thr *t, bool v6, bool udp, uint16_t port)
{
	if (port)
		atomic_store(&sh->ports[below(t, NPORTS)],
			     port | (uint32_t)v6 << 16 | (uint32_t)udp << 17);
}

/* A port some socket listens on (or did): 0 if none is known. */
static uint32_t pick_port(struct thr *t, bool udp)
{
	int i;

	for (i = 0; i < 8; i++) {
		uint32_t e = atomic_load(&sh->ports[below(t, NPORTS)]);

		if (e && !!(e & (1U << 17)) == udp)
			return e;
	}
	return 0;
}

static void loopback(struct wsk_addr *a, bool v6, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	if (v6) {
		a->family = AF_INET6;
		a->addr[15] = 1;
	} else {
		a->family = AF_INET;
		a->addr[0] = 127;
		a->addr[3] = 1;
	}
	a->port = port;
}

/* An address: a known peer (@want 1 tcp, 2 udp), loopback port 0, or stranger things. */
static void fuzz_addr(struct thr *t, struct wsk_addr *a, int want)
{
	unsigned int r = below(t, 100), i;
	uint32_t e;

	if (want && r < 60 && (e = pick_port(t, want == 2))) {
		loopback(a, e & (1U << 16), e & 0xffff);
		return;
	}
	if (r < 85) {
		loopback(a, chance(t, 50), 0);
		return;
	}
	if (r < 90) {
		loopback(a, chance(t, 50), rnd(t));
		return;
	}
	for (i = 0; i < sizeof(a->addr); i++)
		a->addr[i] = rnd(t);
	a->port = rnd(t);
	a->scope_id = chance(t, 50) ? 0 : (uint32_t)below(t, 4);
	if (r < 95)
		a->family = chance(t, 50) ? AF_UNIX : rnd(t);
	else
		a->family = chance(t, 50) ? AF_INET : AF_INET6;
}

/* Bad and volatile pointers */

static uint64_t bad_ptr(struct thr *t)
{
	switch (below(t, 8)) {
	case 0:
		return 0;
	case 1:
		return 0xffff888000000000ULL + below(t, 1UL << 30);	/* direct map */
	case 2:
		return 0xffffffff81000000ULL + below(t, 1UL << 24);	/* kernel text */
	case 3:
		return (uintptr_t)t->arg + ARG_RW + below(t, PAGE);	/* guard page */
	case 4:
		return 0x8000000000000000ULL | rnd(t);			/* non-canonical */
	case 5:
		return ~0ULL - below(t, PAGE);
	case 6:
		return 1 + below(t, PAGE - 1);				/* page 0 */
	}
	return (uintptr_t)t->data - PAGE + below(t, PAGE);		/* guard page */
}

/* Somewhere in the region that is unmapped and mapped again under the other threads. */
static uint8_t *vol_ptr(struct thr *t, size_t len)
{
	if (!vol)
		return NULL;
	if (len > VOL_LEN)
		len = VOL_LEN;
	return vol + below(t, VOL_LEN - len + 1);
}

static void op_vol(struct thr *t)
{
	void *p;

	if (!vol || pthread_rwlock_trywrlock(&vol_lock))
		return;
	if (atomic_load(&vol_mapped)) {
		atomic_store(&vol_mapped, 0);
		munmap(vol, VOL_LEN);
	} else {
		p = mmap(vol, VOL_LEN, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == vol) {
			memset(vol, (int)below(t, 256), VOL_LEN);
			atomic_store(&vol_mapped, 1);
		} else if (p != MAP_FAILED) {
			/* An old kernel ignored the flag: not our place, give it back. */
			munmap(p, VOL_LEN);
		} else if (errno == EEXIST) {
			/* Something else took the address: never use it again. */
			vol = NULL;
		}
	}
	pthread_rwlock_unlock(&vol_lock);
}

/* One ioctl with an argument struct, mutated or not */

enum {
	M_NONE, M_SIZE_SMALL, M_SIZE_BIG, M_SIZE_TAIL, M_SIZE_HUGE, M_FLAGS, M_RESERVED,
	M_GARBAGE, M_PTR_BAD, M_STRADDLE, M_VOLATILE, M_COUNT
};

static const char *const mut_name[M_COUNT] = {
	"none", "short size", "long size, zero tail", "long size, non-zero tail", "huge size",
	"unknown flag bit", "non-zero reserved field", "garbage", "bad pointer",
	"struct running into a guard page", "volatile region",
};

struct icall {
	int kind;
	unsigned long cmd;
	void *s;		/* in: the struct; out: the kernel's answer, if @answered */
	size_t ksize;
	uint32_t flags_ok;	/* the valid bits of the flags word (offset 4 in every struct) */
	int res_off;		/* offset of a reserved __u32 that must be zero, or -1 */
	bool nomut;		/* no mutation: the caller needs a real answer */
	bool blocking;		/* may wait: to be interrupted by a signal */
	/* out */
	bool answered;
	bool raced;		/* the file was closed during the call: nothing is judged */
	int err;
	int mut;
};

static bool icall(struct thr *t, struct fdslot *sl, struct icall *c)
{
	size_t usize = c->ksize, off = 0, lo = 0, hi = 0, span, k;
	uint32_t gen0, gen1, *flags;
	uint8_t *p = NULL;
	uintptr_t argp;
	int fd, exact = 0, mut = M_NONE;
	bool must_fail = false, priv = true;
	long r;

	c->answered = c->raced = false;
	c->err = 0;
	fd = slot_fd(t, sl, &gen0);
	if (fd < 0 || !next_call(t))
		return false;
	if (!c->nomut && chance(t, 22))
		mut = 1 + below(t, M_COUNT - 1);
	if (mut == M_RESERVED && c->res_off < 0)
		mut = M_FLAGS;
	c->mut = mut;

	flags = (uint32_t *)((uint8_t *)c->s + 4);
	switch (mut) {
	case M_SIZE_SMALL:
		usize = below(t, c->ksize);
		break;
	case M_SIZE_BIG:
	case M_SIZE_TAIL:
		usize = c->ksize + 1 + below(t, PAGE - c->ksize);
		break;
	case M_SIZE_HUGE:
		usize = chance(t, 50) ? PAGE + 1 + below(t, PAGE) : (uint32_t)rnd(t) | (PAGE + 1);
		break;
	case M_FLAGS:
		for (k = 0; k < 32; k++) {
			uint32_t bit = 1U << below(t, 32);

			if (bit & ~c->flags_ok) {
				*flags |= bit;
				exact = EINVAL;
				break;
			}
		}
		break;
	case M_RESERVED:
		*(uint32_t *)((uint8_t *)c->s + c->res_off) = 1 + below(t, 0xfffffffe);
		exact = EINVAL;
		break;
	case M_GARBAGE:
		for (k = 4; k < c->ksize; k++)
			((uint8_t *)c->s)[k] = rnd(t);
		if ((*flags & ~c->flags_ok) ||
		    (c->res_off >= 0 && *(uint32_t *)((uint8_t *)c->s + c->res_off)))
			exact = EINVAL;
		break;
	}
	*(uint32_t *)c->s = usize;

	if (mut == M_PTR_BAD) {
		argp = bad_ptr(t);
		must_fail = true;
		priv = false;
	} else if (mut == M_VOLATILE && (p = vol_ptr(t, c->ksize))) {
		/* It may be unmapped now or any moment: a fault is no surprise. */
		pthread_rwlock_rdlock(&vol_lock);
		if (atomic_load(&vol_mapped))
			memcpy(p, c->s, c->ksize);
		pthread_rwlock_unlock(&vol_lock);
		argp = (uintptr_t)p;
		priv = false;
	} else if (mut == M_STRADDLE) {
		k = 1 + below(t, c->ksize - 1);
		p = t->arg + ARG_RW - k;
		memcpy(p, c->s, k);
		argp = (uintptr_t)p;
		must_fail = true;
		priv = false;
	} else {
		if (mut == M_VOLATILE)
			mut = c->mut = M_NONE;
		/* Private: the struct, its tail, then canary bytes nothing may write. */
		lo = usize < c->ksize ? usize : c->ksize;
		span = (usize > PAGE ? c->ksize : usize > c->ksize ? usize : c->ksize) + CANARY;
		off = below(t, ARG_RW - span + 1);
		if (chance(t, 80))
			off &= ~7UL;
		p = t->arg + off;
		memcpy(p, c->s, c->ksize);
		if (usize > c->ksize && usize <= PAGE) {
			memset(p + c->ksize, 0, usize - c->ksize);
			if (mut == M_SIZE_TAIL) {
				p[c->ksize + below(t, usize - c->ksize)] = 1 + below(t, 255);
				exact = E2BIG;
			}
		}
		hi = span;
		for (k = hi - CANARY; k < hi; k++)
			p[k] = 0xa5 ^ (uint8_t)k;
		if (usize > PAGE)
			lo = 4;
		memcpy(t->snap, p + lo, hi - lo);
		argp = (uintptr_t)p;
	}

	call_begin(t, c->kind, c->blocking);
	r = ioctl(fd, c->cmd, argp);
	c->err = r < 0 ? errno : 0;
	call_end(t, c->blocking);
	account(c->kind, c->err);
	gen1 = atomic_load(&sl->gen);
	if (gen1 != gen0) {
		c->raced = true;
		atomic_fetch_add_explicit(&sh->raced, 1, memory_order_relaxed);
		return true;
	}

	if (!errno_documented(c->kind, c->err))
		finding(t, "WSK_IOC_%s (%s): %s (%d), which the ABI does not document for it",
			kind_name[c->kind], mut_name[mut], ename(c->err), c->err);
	else if (exact && c->err != exact && !(c->err == ENOMEM && t->failing))
		finding(t, "WSK_IOC_%s (%s): %s, the header says %s", kind_name[c->kind],
			mut_name[mut], c->err ? ename(c->err) : "success", ename(exact));
	else if (must_fail && !c->err)
		finding(t, "WSK_IOC_%s (%s): success with an argument the kernel cannot read",
			kind_name[c->kind], mut_name[mut]);
	if (priv && memcmp(t->snap, p + lo, hi - lo)) {
		for (k = 0; k < hi - lo && t->snap[k] == p[lo + k]; k++)
			;
		finding(t, "WSK_IOC_%s (%s): the kernel wrote at byte %zu of a struct whose size "
			"field said %zu (struct %zu bytes)", kind_name[c->kind], mut_name[mut],
			lo + k, usize, c->ksize);
	}
	if (priv && (mut == M_NONE || mut == M_SIZE_BIG) &&
	    (!c->err || c->err == EINTR || c->kind == K_SOCKET)) {
		memcpy(c->s, p, c->ksize);
		c->answered = true;
	}
	return true;
}

/* Requests */

/* Per op: its valid WSK flags and whether it carries data (the table of kmod/urequest.c). */
static const struct {
	uint32_t wsk_flags;
	bool data, data_out;
} req_ops[] = {
	[WSK_REQ_BIND] = { 0, false, false },
	[WSK_REQ_CONNECT] = { 0, false, false },
	[WSK_REQ_ACCEPT] = { 0, false, false },
	[WSK_REQ_SEND] = { WSK_FLAG_NODELAY, true, false },
	[WSK_REQ_RECEIVE] = { WSK_FLAG_WAITALL | WSK_FLAG_DRAIN, true, true },
	[WSK_REQ_SEND_TO] = { 0, true, false },
	[WSK_REQ_RECEIVE_FROM] = { 0, true, true },
	[WSK_REQ_DISCONNECT] = { WSK_FLAG_ABORTIVE, true, false },
	[WSK_REQ_CLOSE] = { 0, false, false },
	[WSK_REQ_LOCAL_ADDRESS] = { 0, false, false },
	[WSK_REQ_REMOTE_ADDRESS] = { 0, false, false },
	[WSK_REQ_CONNECT_EX] = { 0, true, false },
	[WSK_REQ_SEND_MESSAGES] = { 0, true, false },
	[WSK_REQ_LISTEN] = { 0, false, false },
};

#define NREQ_OPS (sizeof(req_ops) / sizeof(req_ops[0]))

static void icall_init(struct icall *c, int kind, unsigned long cmd, void *s, size_t size,
		       uint32_t flags_ok, int res_off)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->cmd = cmd;
	c->s = s;
	c->ksize = size;
	c->flags_ok = flags_ok;
	c->res_off = res_off;
}

static void check_request(struct thr *t, struct icall *c, struct wsk_ioc_request *q,
			  bool async)
{
	if (!c->answered || c->err)
		return;
	if (async && q->status != WSK_STATUS_PENDING)
		finding(t, "asynchronous request op %u: status %#x instead of STATUS_PENDING",
			q->op, q->status);
	if (!async && q->status == WSK_STATUS_PENDING)
		finding(t, "synchronous request op %u returned 0 with STATUS_PENDING", q->op);
}

/* A request with valid arguments, no data: the steps that set sockets up. */
static bool simple_req(struct thr *t, struct fdslot *sl, uint32_t op, uint32_t h, bool async,
		       const struct wsk_addr *addr, struct wsk_ioc_request *q)
{
	struct icall c;

	memset(q, 0, sizeof(*q));
	q->size = sizeof(*q);
	q->op = op;
	q->handle = h;
	q->flags = async ? WSK_REQ_F_ASYNC : 0;
	if (addr)
		q->addr = *addr;
	icall_init(&c, K_REQUEST, WSK_IOC_REQUEST, q, sizeof(*q), WSK_REQ_F_ASYNC,
		   offsetof(struct wsk_ioc_request, reserved));
	c.nomut = true;
	c.blocking = !async;
	if (!icall(t, sl, &c))
		return false;
	check_request(t, &c, q, async);
	return c.answered && !c.err;
}

static bool sockinfo(struct thr *t, struct fdslot *sl, uint32_t h, bool nomut,
		     struct wsk_ioc_sockinfo *si)
{
	struct icall c;

	memset(si, 0, sizeof(*si));
	si->size = sizeof(*si);
	si->handle = h;
	icall_init(&c, K_SOCKINFO, WSK_IOC_SOCKINFO, si, sizeof(*si), 0,
		   offsetof(struct wsk_ioc_sockinfo, reserved));
	c.nomut = nomut;
	if (!icall(t, sl, &c) || !c.answered || c.err)
		return false;
	if (si->reserved)
		finding(t, "SOCKINFO of handle %u: reserved field %#x, the header says zero", h,
			si->reserved);
	return true;
}

/* Tell the other threads (and processes) where a socket listens. */
static void learn_port(struct thr *t, struct fdslot *sl, uint32_t h, bool udp)
{
	struct wsk_ioc_sockinfo si;

	if (sockinfo(t, sl, h, true, &si) && si.local.port)
		port_add(t, si.local.family == AF_INET6, udp, si.local.port);
}

static uint32_t event_mask(struct thr *t)
{
	static const uint32_t ev[] = {
		WSK_EVENT_SEND_BACKLOG, WSK_EVENT_RECEIVE, WSK_EVENT_DISCONNECT,
		WSK_EVENT_RECEIVE_FROM, WSK_EVENT_ACCEPT,
	};
	unsigned int r = below(t, 100), i;
	uint32_t m = 0;

	if (r < 60) {
		for (i = 0; i < 5; i++)
			if (chance(t, 45))
				m |= ev[i];
		return m;
	}
	if (r < 85)
		return ev[below(t, 5)] | WSK_EVENT_DISABLE;
	if (r < 95)
		return rnd(t);
	return 0;
}

static void control(struct thr *t, struct fdslot *sl, uint32_t h, uint32_t mask, bool nomut)
{
	struct wsk_ioc_control k = {
		.size = sizeof(k), .handle = h, .event_mask = mask,
		.flags = chance(t, 40) ? WSK_CTL_F_REQUEST : 0,
	};
	struct icall c;

	icall_init(&c, K_CONTROL, WSK_IOC_CONTROL, &k, sizeof(k), WSK_CTL_F_REQUEST,
		   offsetof(struct wsk_ioc_control, reserved));
	c.nomut = nomut;
	icall(t, sl, &c);
}

static void op_control(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);

	control(t, sl, pick_handle(t, sl, -1), event_mask(t), false);
}

/* WSK_IOC_SOCKET, and most of the time the steps that make the socket useful. */
static void op_socket(struct thr *t)
{
	static const uint32_t cats[] = {
		WSK_FLAG_LISTEN_SOCKET, WSK_FLAG_CONNECTION_SOCKET, WSK_FLAG_DATAGRAM_SOCKET,
		WSK_FLAG_BASIC_SOCKET, WSK_FLAG_STREAM_SOCKET,
	};
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_socket s = { .size = sizeof(s) };
	struct wsk_ioc_request q;
	struct wsk_addr a;
	unsigned int r = below(t, 100);
	uint32_t cat = cats[r < 28 ? 0 : r < 56 ? 1 : r < 82 ? 2 : r < 90 ? 3 : 4];
	bool v6 = chance(t, 45), proc = chance(t, 30), dgram;
	struct icall c;

	if (chance(t, 4))
		cat = below(t, 16);	/* several categories, the stream flag */
	dgram = cat == WSK_FLAG_DATAGRAM_SOCKET || (cat == 0 && chance(t, 50));
	s.flags = cat | (proc ? WSK_FLAG_PROCESS_CONTEXT : 0);
	s.family = chance(t, 3) ? (uint32_t)below(t, 64) : v6 ? AF_INET6 : AF_INET;
	s.type = chance(t, 4) ? (uint32_t)below(t, 8) : dgram ? SOCK_DGRAM : SOCK_STREAM;
	r = below(t, 100);
	s.protocol = r < 60 ? 0 : r < 95 ? (dgram ? IPPROTO_UDP : IPPROTO_TCP) : below(t, 300);
	icall_init(&c, K_SOCKET, WSK_IOC_SOCKET, &s, sizeof(s),
		   0xfU | WSK_FLAG_PROCESS_CONTEXT, offsetof(struct wsk_ioc_socket, reserved));
	if (!icall(t, sl, &c) || !c.answered || c.err || !s.handle)
		return;
	if (s.status)
		finding(t, "SOCKET returned 0 with status %#x", s.status);
	pool_add(t, sl, s.handle, cat, proc);
	if (chance(t, 15))
		return;

	/* Set it up: bind (a listener listens), events, a connection. */
	v6 = s.family == AF_INET6;
	if (cat == WSK_FLAG_CONNECTION_SOCKET || cat == WSK_FLAG_LISTEN_SOCKET ||
	    cat == WSK_FLAG_DATAGRAM_SOCKET || cat == WSK_FLAG_STREAM_SOCKET) {
		loopback(&a, v6, 0);
		if (!simple_req(t, sl, WSK_REQ_BIND, s.handle, false, &a, &q) || q.status)
			return;
	}
	/* A stream socket listens (then as a listener) or connects (as a connection socket). */
	if (cat == WSK_FLAG_STREAM_SOCKET && chance(t, 85)) {
		if (chance(t, 50)) {
			if (!simple_req(t, sl, WSK_REQ_LISTEN, s.handle, false, NULL, &q) ||
			    q.status)
				return;
			cat = WSK_FLAG_LISTEN_SOCKET;
		} else {
			cat = WSK_FLAG_CONNECTION_SOCKET;
		}
	}
	switch (cat) {
	case WSK_FLAG_LISTEN_SOCKET:
		learn_port(t, sl, s.handle, false);
		if (chance(t, 75))
			control(t, sl, s.handle, WSK_EVENT_ACCEPT |
				(chance(t, 60) ? WSK_EVENT_RECEIVE : 0) |
				(chance(t, 50) ? WSK_EVENT_DISCONNECT : 0) |
				(chance(t, 20) ? WSK_EVENT_SEND_BACKLOG : 0), true);
		break;
	case WSK_FLAG_DATAGRAM_SOCKET:
		learn_port(t, sl, s.handle, true);
		if (chance(t, 70))
			control(t, sl, s.handle, WSK_EVENT_RECEIVE_FROM, true);
		break;
	case WSK_FLAG_CONNECTION_SOCKET:
		if (chance(t, 60))
			control(t, sl, s.handle, WSK_EVENT_RECEIVE | WSK_EVENT_DISCONNECT, true);
		if (chance(t, 80)) {
			uint32_t e = pick_port(t, false);

			if (e && !!(e & (1U << 16)) == v6) {
				loopback(&a, v6, e & 0xffff);
				simple_req(t, sl, WSK_REQ_CONNECT, s.handle, chance(t, 70), &a, &q);
			}
		}
		break;
	}
}

/* A data buffer and its length, and the canary checks that go with it. */
struct dbuf {
	uint8_t *p;		/* private, with canaries; NULL otherwise */
	uint64_t ptr, len;
	uint8_t before[CANARY];	/* the first bytes (asynchronous receives) */
	uint8_t after[CANARY];
	size_t nb, na;
};

static void pick_buf(struct thr *t, struct dbuf *b, bool out)
{
	unsigned int r = below(t, 100);
	uint64_t len, off;
	size_t i;

	memset(b, 0, sizeof(*b));
	if (r < 10)
		len = 0;
	else if (r < 40)
		len = 1 + below(t, 64);
	else if (r < 70)
		len = 65 + below(t, 4096 - 64);
	else if (r < 88)
		len = 4097 + below(t, 60000);
	else if (r < 93)
		len = below(t, DATA_LEN);
	else if (r < 96)
		len = (16ULL << 20) + below(t, 2);	/* around the 16 MiB limit */
	else
		len = rnd(t) >> below(t, 64);		/* huge */
	b->len = len;
	r = below(t, 100);
	if (r < 80 && len <= DATA_LEN - CANARY) {
		off = below(t, DATA_LEN - CANARY - len + 1);
		b->p = t->data + off;
		b->ptr = (uintptr_t)b->p;
		if (!out)
			return;
		b->na = CANARY;
		for (i = 0; i < b->na; i++)
			b->p[len + i] = b->after[i] = 0x5a ^ (uint8_t)(i + off);
		b->nb = len < CANARY ? len : CANARY;
		for (i = 0; i < b->nb; i++)
			b->p[i] = b->before[i] = 0x3c ^ (uint8_t)(i + off);
	} else if (r < 88) {
		b->ptr = (uintptr_t)vol_ptr(t, len);
	} else if (r < 96) {
		b->ptr = bad_ptr(t);
	} else {
		b->ptr = 0;
	}
}

/*
 * Send-messages data: length-prefixed datagrams over the buffer, mostly well formed so that
 * the requests reach the socket; sometimes the last record runs past the end.
 */
static void fill_messages(struct thr *t, struct dbuf *b)
{
	uint64_t pos = 0;
	uint32_t dlen;

	while (b->len - pos >= sizeof(dlen)) {
		uint64_t room = b->len - pos - sizeof(dlen);

		dlen = (uint32_t)below(t, (room < 2000 ? room : 2000) + 1);
		if (chance(t, 2))
			dlen = (uint32_t)rnd(t);
		memcpy(b->p + pos, &dlen, sizeof(dlen));
		pos += sizeof(dlen) + dlen;
		if (pos > b->len)
			return;
	}
	if (chance(t, 80))
		b->len = pos;
}

/* The kernel writes a receive's buffer only during a synchronous ioctl, never past @len. */
static void check_buf(struct thr *t, struct dbuf *b, uint32_t op, bool async)
{
	if (!b->p)
		return;
	if (b->na && memcmp(b->p + b->len, b->after, b->na))
		finding(t, "request op %u: the kernel wrote past the %" PRIu64 " bytes at buf", op,
			b->len);
	if (async && b->nb && memcmp(b->p, b->before, b->nb))
		finding(t, "asynchronous request op %u: the kernel wrote into its buffer", op);
}

static void op_request(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_request q = { .size = sizeof(q) };
	unsigned int r = below(t, 100);
	uint32_t op, cat;
	struct icall c;
	struct dbuf b;
	bool async;

	/* Weighted: data ops most, close often enough to keep the handle tables moving. */
	if (r < 3)
		op = chance(t, 50) ? 0 : 12 + below(t, 100);
	else if (r < 10)
		op = chance(t, 85) ? WSK_REQ_BIND : WSK_REQ_LISTEN;
	else if (r < 16)
		op = chance(t, 70) ? WSK_REQ_CONNECT : WSK_REQ_CONNECT_EX;
	else if (r < 24)
		op = WSK_REQ_ACCEPT;
	else if (r < 40)
		op = WSK_REQ_SEND;
	else if (r < 56)
		op = WSK_REQ_RECEIVE;
	else if (r < 64)
		op = chance(t, 75) ? WSK_REQ_SEND_TO : WSK_REQ_SEND_MESSAGES;
	else if (r < 72)
		op = WSK_REQ_RECEIVE_FROM;
	else if (r < 80)
		op = WSK_REQ_DISCONNECT;
	else if (r < 90)
		op = WSK_REQ_CLOSE;
	else
		op = chance(t, 50) ? WSK_REQ_LOCAL_ADDRESS : WSK_REQ_REMOTE_ADDRESS;
	cat = op == WSK_REQ_ACCEPT ? WSK_FLAG_LISTEN_SOCKET :
	      op == WSK_REQ_SEND_TO || op == WSK_REQ_RECEIVE_FROM ||
	      op == WSK_REQ_SEND_MESSAGES ? WSK_FLAG_DATAGRAM_SOCKET :
	      op == WSK_REQ_LISTEN ? WSK_FLAG_STREAM_SOCKET :
	      op == WSK_REQ_BIND || op == WSK_REQ_CLOSE ? (uint32_t)-1 :
	      WSK_FLAG_CONNECTION_SOCKET;
	q.op = op;
	q.handle = pick_handle(t, sl, (int)cat);
	async = chance(t, 55);
	q.flags = async ? WSK_REQ_F_ASYNC : 0;
	if (op < NREQ_OPS)
		q.wsk_flags = chance(t, 85) ? req_ops[op].wsk_flags & (uint32_t)rnd(t) :
			      (uint32_t)rnd(t);
	memset(&b, 0, sizeof(b));
	if (op < NREQ_OPS && req_ops[op].data) {
		pick_buf(t, &b, req_ops[op].data_out);
		if (op == WSK_REQ_SEND_MESSAGES && b.p && chance(t, 60))
			fill_messages(t, &b);
		q.buf = b.ptr;
		q.len = b.len;
	} else if (chance(t, 5)) {
		q.buf = rnd(t);
		q.len = below(t, 100);
	}
	if (op == WSK_REQ_BIND)
		fuzz_addr(t, &q.addr, 0);
	else if (op == WSK_REQ_CONNECT || op == WSK_REQ_CONNECT_EX)
		fuzz_addr(t, &q.addr, 1);
	else if (op == WSK_REQ_SEND_TO || op == WSK_REQ_SEND_MESSAGES)
		fuzz_addr(t, &q.addr, 2);
	else if (chance(t, 10))
		fuzz_addr(t, &q.addr, 0);

	icall_init(&c, K_REQUEST, WSK_IOC_REQUEST, &q, sizeof(q), WSK_REQ_F_ASYNC,
		   offsetof(struct wsk_ioc_request, reserved));
	c.blocking = true;	/* a mutation may clear the flag: always interruptible */
	if (!icall(t, sl, &c) || c.raced)
		return;
	async = q.flags & WSK_REQ_F_ASYNC;
	check_request(t, &c, &q, async);
	if (c.mut == M_NONE || c.mut == M_SIZE_BIG)
		check_buf(t, &b, op, async);
	if (!c.answered || c.err)
		return;
	if (op == WSK_REQ_ACCEPT && q.new_handle)
		pool_add(t, sl, q.new_handle, WSK_FLAG_CONNECTION_SOCKET, false);
	if (op == WSK_REQ_BIND && !q.status && chance(t, 50))
		learn_port(t, sl, q.handle, false);
}

static void op_version(struct thr *t)
{
	struct wsk_ioc_version v = { .size = sizeof(v) };
	struct icall c;

	icall_init(&c, K_VERSION, WSK_IOC_VERSION, &v, sizeof(v), 0, -1);
	if (icall(t, pick_slot(t), &c) && c.answered && !c.err &&
	    !memchr(v.kernel_release, 0, sizeof(v.kernel_release)))
		finding(t, "VERSION: kernel_release is not NUL-terminated");
}

static void op_static(struct thr *t)
{
	struct wsk_ioc_static s = { .size = sizeof(s), .event_mask = event_mask(t) };
	struct icall c;

	icall_init(&c, K_STATIC, WSK_IOC_STATIC, &s, sizeof(s), 0, -1);
	icall(t, pick_slot(t), &c);
}

static void op_backlog(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_backlog b = {
		.size = sizeof(b), .handle = pick_handle(t, sl, WSK_FLAG_CONNECTION_SOCKET),
	};
	struct icall c;

	icall_init(&c, K_BACKLOG, WSK_IOC_QUERY_BACKLOG, &b, sizeof(b), 0, -1);
	icall(t, sl, &c);
}

static void op_sockinfo(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_sockinfo si;

	sockinfo(t, sl, pick_handle(t, sl, -1), false, &si);
}

static void op_policy(struct thr *t)
{
	static const uint32_t ev[] = {
		WSK_EVENT_ACCEPT, WSK_EVENT_RECEIVE, WSK_EVENT_RECEIVE_FROM, WSK_EVENT_DISCONNECT,
		WSK_EVENT_SEND_BACKLOG,
	};
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_policy p = { .size = sizeof(p) };
	struct icall c;
	int cat;

	p.handle = pick_handle_cat(t, sl, -1, &cat);
	/* Mostly an event the socket's category has (kmod/upolicy.c), so that it takes. */
	if (cat == WSK_FLAG_DATAGRAM_SOCKET && chance(t, 70))
		p.event = WSK_EVENT_RECEIVE_FROM;
	else if ((cat == WSK_FLAG_LISTEN_SOCKET || cat == WSK_FLAG_CONNECTION_SOCKET) &&
		 chance(t, 70))
		p.event = cat == WSK_FLAG_LISTEN_SOCKET && chance(t, 40) ? WSK_EVENT_ACCEPT :
			  chance(t, 75) ? WSK_EVENT_RECEIVE : WSK_EVENT_DISCONNECT;
	else
		p.event = chance(t, 90) ? ev[below(t, 5)] : (uint32_t)rnd(t);
	if (chance(t, 8))
		p.action = rnd(t);
	else if (p.event == WSK_EVENT_ACCEPT)
		p.action = below(t, 2);
	else if (p.event == WSK_EVENT_RECEIVE || p.event == WSK_EVENT_RECEIVE_FROM)
		p.action = WSK_POLICY_CONSUME + below(t, 4);
	else
		p.action = chance(t, 70) ? WSK_POLICY_ACCEPT : below(t, 6);
	p.flags = chance(t, 25) ? WSK_POLICY_F_HOLD : 0;
	if (p.action == WSK_POLICY_ACCEPT_BYTES || chance(t, 3))
		p.bytes = below(t, 3) == 0 ? 0 : rnd(t) >> below(t, 64);
	icall_init(&c, K_POLICY, WSK_IOC_POLICY, &p, sizeof(p), WSK_POLICY_F_HOLD,
		   offsetof(struct wsk_ioc_policy, reserved));
	icall(t, sl, &c);
}

static void op_release(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_release rl = { .size = sizeof(rl) };
	unsigned int r = below(t, 100);
	struct icall c;
	uint64_t e;

	if (r < 55 && (e = atomic_load(&sl->ret[below(t, NRET)]))) {
		rl.handle = (uint32_t)e;
		rl.retained_id = e >> 32;
	} else if (r < 85) {
		rl.handle = pick_handle(t, sl, -1);
		rl.flags = WSK_RELEASE_F_ALL;
	} else {
		rl.handle = pick_handle(t, sl, -1);
		rl.retained_id = below(t, 3) ? 1 + below(t, 20) : (uint32_t)rnd(t);
		rl.flags = chance(t, 20) ? WSK_RELEASE_F_ALL : 0;
	}
	icall_init(&c, K_RELEASE, WSK_IOC_RELEASE, &rl, sizeof(rl), WSK_RELEASE_F_ALL, -1);
	icall(t, sl, &c);
}

static void op_unhold(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_unhold u = { .size = sizeof(u) };
	struct icall c;
	uint64_t e;

	if (chance(t, 60) && (e = atomic_load(&sl->held[below(t, NHELD)]))) {
		u.handle = (uint32_t)e;
		u.event = chance(t, 70) ? (uint32_t)(e >> 32) : 0;
	} else {
		u.handle = pick_handle(t, sl, -1);
		u.event = chance(t, 70) ? 0 : chance(t, 50) ? 1U << below(t, 32) : (uint32_t)rnd(t);
	}
	icall_init(&c, K_UNHOLD, WSK_IOC_UNHOLD, &u, sizeof(u), 0,
		   offsetof(struct wsk_ioc_unhold, reserved));
	icall(t, sl, &c);
}

static void op_service(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_service s = { .size = sizeof(s) };
	unsigned int r = below(t, 100), i, free_i = NSVC;
	uint32_t id = 0;
	struct icall c;

	for (i = 0; i < NSVC; i++) {
		uint32_t v = atomic_load(&sl->svc[i]);

		if (!v)
			free_i = i;
		else if (!id || chance(t, 50))
			id = v;
	}
	if (r < 40 && free_i < NSVC) {
		s.op = WSK_SERVICE_START;
		s.kind = chance(t, 95) ? (chance(t, 50) ? WSK_SERVICE_ECHO : WSK_SERVICE_DISCARD) :
			 (uint32_t)below(t, 8);
		s.protocol = chance(t, 95) ? (chance(t, 50) ? IPPROTO_TCP : IPPROTO_UDP) :
			     (uint32_t)below(t, 300);
		if (chance(t, 90))
			loopback(&s.addr, chance(t, 45), 0);
		else
			fuzz_addr(t, &s.addr, 0);
		if (chance(t, 3))
			s.id = rnd(t);
	} else {
		s.op = r < 75 ? WSK_SERVICE_STATS : r < 97 ? WSK_SERVICE_STOP : (uint32_t)rnd(t);
		s.id = id && chance(t, 85) ? id : (uint32_t)below(t, 10);
	}
	icall_init(&c, K_SERVICE, WSK_IOC_SERVICE, &s, sizeof(s), 0,
		   offsetof(struct wsk_ioc_service, reserved));
	if (!icall(t, sl, &c) || !c.answered || c.err)
		return;
	if (s.op == WSK_SERVICE_START && s.id) {
		uint32_t none = 0;

		if (!atomic_compare_exchange_strong(&sl->svc[free_i], &none, s.id)) {
			/* Lost the slot to another thread: stop it again rather than lose it. */
			struct wsk_ioc_service st = { .size = sizeof(st), .op = WSK_SERVICE_STOP,
						      .id = s.id };

			icall_init(&c, K_SERVICE, WSK_IOC_SERVICE, &st, sizeof(st), 0,
				   offsetof(struct wsk_ioc_service, reserved));
			c.nomut = true;
			icall(t, sl, &c);
			return;
		}
		port_add(t, s.addr.family == AF_INET6, s.protocol == IPPROTO_UDP, s.addr.port);
	} else if (s.op == WSK_SERVICE_STOP) {
		for (i = 0; i < NSVC; i++) {
			uint32_t v = s.id;

			atomic_compare_exchange_strong(&sl->svc[i], &v, 0);
		}
	}
}

/* Options and IOCTLs: mostly real ones, with values of any length and content. */
static void op_option(struct thr *t)
{
	static const uint32_t known[][2] = {
		{ WSK_SOL_SOCKET, WSK_SO_REUSEADDR }, { WSK_SOL_SOCKET, WSK_SO_EXCLUSIVEADDRUSE },
		{ WSK_SOL_SOCKET, WSK_SO_KEEPALIVE }, { WSK_SOL_SOCKET, WSK_SO_BROADCAST },
		{ WSK_SOL_SOCKET, WSK_SO_LINGER }, { WSK_SOL_SOCKET, WSK_SO_SNDBUF },
		{ WSK_SOL_SOCKET, WSK_SO_RCVBUF }, { WSK_IPPROTO_TCP, WSK_TCP_NODELAY },
		{ WSK_IPPROTO_TCP, WSK_TCP_KEEPIDLE }, { WSK_IPPROTO_TCP, WSK_TCP_KEEPCNT },
		{ WSK_IPPROTO_TCP, WSK_TCP_KEEPINTVL }, { WSK_IPPROTO_IP, WSK_IP_TOS },
		{ WSK_IPPROTO_IP, WSK_IP_TTL }, { WSK_IPPROTO_IP, WSK_IP_DONTFRAGMENT },
		{ WSK_IPPROTO_IP, WSK_IP_PKTINFO }, { WSK_IPPROTO_IP, WSK_IP_ADD_MEMBERSHIP },
		{ WSK_IPPROTO_IP, WSK_IP_DROP_MEMBERSHIP }, { WSK_IPPROTO_IPV6, WSK_IPV6_V6ONLY },
		{ WSK_IPPROTO_IPV6, WSK_IPV6_UNICAST_HOPS }, { WSK_IPPROTO_IPV6, WSK_IPV6_DONTFRAG },
		{ WSK_IPPROTO_IPV6, WSK_IPV6_PKTINFO },
		{ WSK_IPPROTO_IPV6, WSK_IPV6_ADD_MEMBERSHIP },
		{ WSK_IPPROTO_IPV6, WSK_IPV6_DROP_MEMBERSHIP },
		{ 0, SIO_WSK_SET_REMOTE_ADDRESS }, { 0, SIO_WSK_SET_SENDTO_ADDRESS },
		{ 0, SIO_WSK_QUERY_RECEIVE_BACKLOG }, { 0, SIO_WSK_QUERY_IDEAL_SEND_BACKLOG },
		{ 0, SIO_WSK_SET_TCP_SILENT_MODE }, { 0, SIO_WSK_QUERY_INSPECT_ID },
		{ WSK_SOL_SOCKET, SO_WSK_EVENT_CALLBACK },
		{ WSK_SOL_SOCKET, SO_CONDITIONAL_ACCEPT },
	};
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_option o = { .size = sizeof(o), .handle = pick_handle(t, sl, -1) };
	unsigned int k = below(t, sizeof(known) / sizeof(known[0])), i;
	struct icall c;

	o.level = known[k][0];
	o.code = known[k][1];
	o.request_type = !o.level ? WSK_IOCTL : chance(t, 50) ? WSK_SET_OPTION : WSK_GET_OPTION;
	if (chance(t, 5))
		o.request_type = (uint32_t)below(t, 8);
	if (chance(t, 5))
		o.level = (uint32_t)rnd(t);
	if (chance(t, 5))
		o.code = (uint32_t)rnd(t);
	o.in_len = chance(t, 95) ? (uint32_t)below(t, WSK_OPTION_VALUE_MAX + 1) :
		   (uint32_t)rnd(t);
	o.out_len = chance(t, 95) ? (uint32_t)below(t, WSK_OPTION_VALUE_MAX + 1) :
		    (uint32_t)rnd(t);
	if (o.code == SIO_WSK_SET_REMOTE_ADDRESS || o.code == SIO_WSK_SET_SENDTO_ADDRESS) {
		/* A loopback peer, as a kernel struct sockaddr, or random bytes. */
		struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_addr = in6addr_loopback,
					     .sin6_port = htons(9) };
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(9),
					   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

		if (chance(t, 50)) {
			memcpy(o.value, &sin, sizeof(sin));
			o.in_len = sizeof(sin);
		} else {
			memcpy(o.value, &sin6, sizeof(sin6));
			o.in_len = sizeof(sin6);
		}
		if (chance(t, 10))
			o.in_len = 0;
	} else {
		for (i = 0; i < sizeof(o.value); i++)
			o.value[i] = chance(t, 70) ? 0 : (uint8_t)rnd(t);
		if (chance(t, 60))
			o.value[0] = (uint8_t)below(t, 3);
	}
	icall_init(&c, K_OPTION, WSK_IOC_OPTION, &o, sizeof(o), 0,
		   offsetof(struct wsk_ioc_option, reserved));
	/*
	 * It waits as a synchronous request does, behind a callback held on the socket's work
	 * item too: a signal ends the wait (EINTR), as for requests.
	 */
	c.blocking = true;
	icall(t, sl, &c);
}

/* WskInspectComplete with small keys (the ones a listener gives first) or random ones. */
static void op_inspect(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);
	struct wsk_ioc_inspect in = { .size = sizeof(in), .handle = pick_handle(t, sl, -1) };
	struct icall c;

	in.action = chance(t, 90) ? (uint32_t)below(t, 2) : (uint32_t)rnd(t);
	in.key = chance(t, 80) ? below(t, 8) : rnd(t);
	in.serial = (uint32_t)rnd(t);
	icall_init(&c, K_INSPECT, WSK_IOC_INSPECT, &in, sizeof(in), 0, -1);
	icall(t, sl, &c);
}

/*
 * WskGetAddressInfo and WskGetNameInfo (ABI 1.4): names that resolve at once, bad ones, a name
 * for the DNS resolver (which answers, fails or is not there; not scenario resolve's, whose
 * answer a negative key cached here would hide), and random bytes in the names; the results
 * go to a buffer of the data area, or to a bad pointer.
 */
static void op_resolve(struct thr *t)
{
	static const char *const nodes[] = {
		"", "127.0.0.1", "::1", "fe80::1%1", "fe80::1%lo", "localhost", "wsk-fuzz.invalid",
		"bad name", "1.2.3.256", "::ffff:192.0.2.1", "[::1]", "-x",
	};
	static const char *const services[] = { "", "0", "80", "http", "tftp", "65536", "x" };
	struct wsk_ioc_resolve a = { .size = sizeof(a) };
	struct fdslot *sl = pick_slot(t);
	struct icall c;
	struct dbuf b;
	size_t i;

	a.op = chance(t, 95) ? 1 + below(t, 2) : (uint32_t)rnd(t);
	a.ai_flags = chance(t, 80) ? (uint32_t)below(t, 32) : (uint32_t)rnd(t);
	a.family = chance(t, 90) ? (uint32_t)(below(t, 3) == 0 ? 0 : chance(t, 50) ? AF_INET :
					       AF_INET6) : (uint32_t)rnd(t);
	a.socktype = chance(t, 90) ? (uint32_t)below(t, 3) : (uint32_t)rnd(t);
	a.protocol = chance(t, 90) ? (uint32_t)(chance(t, 50) ? 0 : chance(t, 50) ? IPPROTO_TCP :
						IPPROTO_UDP) : (uint32_t)rnd(t);
	if (chance(t, 90)) {
		strcpy(a.node, nodes[below(t, sizeof(nodes) / sizeof(nodes[0]))]);
		strcpy(a.service, services[below(t, sizeof(services) / sizeof(services[0]))]);
	} else {
		/* Random bytes, sometimes without a NUL anywhere. */
		for (i = 0; i < sizeof(a.node); i++)
			a.node[i] = chance(t, 50) ? 'a' : (char)rnd(t);
		for (i = 0; i < sizeof(a.service); i++)
			a.service[i] = (char)rnd(t);
		if (chance(t, 50)) {
			a.node[below(t, sizeof(a.node))] = 0;
			a.service[below(t, sizeof(a.service))] = 0;
		}
	}
	if (chance(t, 90))
		loopback(&a.addr, chance(t, 50), (uint16_t)below(t, 100));
	else
		fuzz_addr(t, &a.addr, 0);
	pick_buf(t, &b, false);
	a.results = b.ptr;
	a.max_results = b.len / sizeof(struct wsk_resolve_result);
	if (a.max_results > WSK_RESOLVE_RESULTS_MAX || chance(t, 5))
		a.max_results = chance(t, 50) ? WSK_RESOLVE_RESULTS_MAX + 1 : (uint32_t)rnd(t);
	if (!b.p && chance(t, 50))
		a.max_results = below(t, WSK_RESOLVE_RESULTS_MAX + 1);
	icall_init(&c, K_RESOLVE, WSK_IOC_RESOLVE, &a, sizeof(a), 0, -1);
	/* A name may wait for the DNS upcall, which no signal ends. */
	icall(t, sl, &c);
}

static void op_badcmd(struct thr *t)
{
	static const unsigned long good[] = {
		WSK_IOC_VERSION, WSK_IOC_SOCKET, WSK_IOC_REQUEST, WSK_IOC_CONTROL, WSK_IOC_STATIC,
		WSK_IOC_QUERY_BACKLOG, WSK_IOC_SOCKINFO, WSK_IOC_POLICY, WSK_IOC_RELEASE,
		WSK_IOC_UNHOLD, WSK_IOC_SERVICE, WSK_IOC_OPTION, WSK_IOC_INSPECT,
		WSK_IOC_RESOLVE,
	};
	struct fdslot *sl = pick_slot(t);
	unsigned int r = below(t, 100), i;
	unsigned long cmd = 0;
	uint32_t gen0;
	uintptr_t arg;
	int fd, err;
	long ret;

	for (i = 0; i < 8; i++) {
		if (r < 40)	/* a known number with another size or direction */
			cmd = _IOC(below(t, 4), WSK_IOC_MAGIC, below(t, 12), below(t, 1U << 14));
		else if (r < 90)
			cmd = _IOC(below(t, 4), WSK_IOC_MAGIC, below(t, 256), below(t, 1U << 14));
		else	/* the neighbouring magic numbers */
			cmd = _IOC(below(t, 4), WSK_IOC_MAGIC + (chance(t, 50) ? 1 : -1),
				   below(t, 256), below(t, 1U << 14));
		for (r = 0; r < sizeof(good) / sizeof(good[0]) && good[r] != cmd; r++)
			;
		if (r == sizeof(good) / sizeof(good[0]))
			break;
		r = below(t, 100);
	}
	if (i == 8)
		return;
	arg = chance(t, 50) ? (uintptr_t)t->arg : bad_ptr(t);
	fd = slot_fd(t, sl, &gen0);
	if (fd < 0 || !next_call(t))
		return;
	call_begin(t, K_BADCMD, false);
	ret = ioctl(fd, cmd, arg);
	err = ret < 0 ? errno : 0;
	call_end(t, false);
	account(K_BADCMD, err);
	if (atomic_load(&sl->gen) != gen0)
		return;
	if (err != ENOTTY)
		finding(t, "unknown ioctl %#lx: %s, the header says ENOTTY", cmd,
			err ? ename(err) : "success");
}

/* Records */

static void harvest(struct thr *t, struct fdslot *sl, const uint8_t *buf, size_t n,
		    uint32_t gen, bool check)
{
	int si = slot_index(sl);
	struct wsk_event ev;
	size_t i;

	if (t->seqgen[si] != gen) {
		t->seqgen[si] = gen;
		t->lastseq[si] = 0;
	}
	for (i = 0; i + sizeof(ev) <= n; i += sizeof(ev)) {
		memcpy(&ev, buf + i, sizeof(ev));
		if (check) {
			if (ev.kind < WSK_RECORD_ACCEPT || ev.kind > WSK_RECORD_HOLD_REFUSED)
				finding(t, "record seq %" PRIu64 ": kind %u", (uint64_t)ev.seq, ev.kind);
			if (ev.data_len > WSK_EVENT_DATA_MAX)
				finding(t, "record seq %" PRIu64 ": data_len %u", (uint64_t)ev.seq,
					ev.data_len);
			if (ev.reserved)
				finding(t, "record seq %" PRIu64 ": reserved %#x", (uint64_t)ev.seq,
					ev.reserved);
			if (ev.seq <= t->lastseq[si])
				finding(t, "record seq %" PRIu64 " after seq %" PRIu64
					" on the same file", (uint64_t)ev.seq, t->lastseq[si]);
			t->lastseq[si] = ev.seq;
		}
		switch (ev.kind) {
		case WSK_RECORD_ACCEPT:
			pool_add(t, sl, ev.new_handle, WSK_FLAG_CONNECTION_SOCKET, false);
			break;
		case WSK_RECORD_COMPLETE:
			if (ev.op == WSK_REQ_ACCEPT)
				pool_add(t, sl, ev.new_handle, WSK_FLAG_CONNECTION_SOCKET, false);
			break;
		case WSK_RECORD_RECEIVE:
		case WSK_RECORD_RECEIVE_FROM:
			if (ev.retained_id)
				atomic_store(&sl->ret[below(t, NRET)],
					     ev.handle | (uint64_t)ev.retained_id << 32);
			break;
		case WSK_RECORD_HELD:
			atomic_store(&sl->held[below(t, NHELD)],
				     ev.handle | (uint64_t)ev.op << 32);
			break;
		}
	}
}

static void op_read(struct thr *t)
{
	const size_t rec = sizeof(struct wsk_event);
	struct fdslot *sl = pick_slot(t);
	unsigned int r = below(t, 100);
	uint8_t *p = NULL, after[CANARY];
	size_t count, i;
	uint32_t gen0;
	uintptr_t buf;
	ssize_t ret;
	int fd, err;

	if (r < 55)
		count = rec * (1 + below(t, 16));
	else if (r < 65)
		count = below(t, rec);
	else if (r < 80)
		count = rec * below(t, 16) + 1 + below(t, rec - 1);
	else
		count = below(t, 8 * rec);
	r = below(t, 100);
	if (r < 80) {
		p = t->data + below(t, DATA_LEN - CANARY - count + 1);
		for (i = 0; i < CANARY; i++)
			p[count + i] = after[i] = 0x77 ^ (uint8_t)i;
		buf = (uintptr_t)p;
	} else if (r < 88) {
		buf = (uintptr_t)vol_ptr(t, count);
	} else if (r < 94) {
		buf = (uintptr_t)t->data + DATA_LEN - rec - below(t, rec);	/* into the guard */
	} else {
		buf = bad_ptr(t);
	}
	fd = slot_fd(t, sl, &gen0);
	if (fd < 0 || !next_call(t))
		return;
	call_begin(t, K_READ, true);
	ret = read(fd, (void *)buf, count);
	err = ret < 0 ? errno : 0;
	call_end(t, true);
	account(K_READ, err);
	if (atomic_load(&sl->gen) != gen0)
		return;
	if (!errno_documented(K_READ, err))
		finding(t, "read of /dev/wsk (%zu bytes): %s", count, ename(err));
	if (ret > 0 && ((size_t)ret % rec || (size_t)ret > count))
		finding(t, "read of %zu bytes returned %zd: not whole records", count, ret);
	if (p && memcmp(p + count, after, CANARY))
		finding(t, "read of %zu bytes: the kernel wrote past the buffer", count);
	if (p && ret > 0)
		harvest(t, sl, p, (size_t)ret, gen0, true);
}

static void op_poll(struct thr *t)
{
	struct fdslot *sl = pick_slot(t);
	struct pollfd pfd;
	uint32_t gen0;
	int fd, ret, err;

	fd = slot_fd(t, sl, &gen0);
	if (fd < 0 || !next_call(t))
		return;
	pfd.fd = fd;
	pfd.events = POLLIN | (chance(t, 30) ? POLLOUT | POLLPRI : 0);
	call_begin(t, K_POLL, false);
	ret = poll(&pfd, 1, (int)below(t, 20));
	err = ret < 0 ? errno : 0;
	call_end(t, false);
	account(K_POLL, err);
	if (atomic_load(&sl->gen) == gen0 && !errno_documented(K_POLL, err))
		finding(t, "poll of /dev/wsk: %s", ename(err));
}

/* Close a file (not the parent's) under the threads that use it. */
static void op_close(struct thr *t)
{
	struct fdslot *sl = &slots[1 + below(t, NSHARED + opt_threads)];
	int fd, ret, err;

	if (atomic_load(&sl->fd) < 0 || !next_call(t))
		return;
	atomic_fetch_add(&sl->gen, 1);		/* odd: closing */
	fd = atomic_exchange(&sl->fd, -1);
	if (fd >= 0) {
		call_begin(t, K_CLOSE, false);
		ret = close(fd);
		err = ret < 0 ? errno : 0;
		call_end(t, false);
		account(K_CLOSE, err);
		if (err)
			finding(t, "close of /dev/wsk: %s", ename(err));
	}
	atomic_fetch_add(&sl->gen, 1);
}

/* Real traffic to the sockets and services the fuzzer made */

static void sock_drop(struct thr *t, int i)
{
	if (t->usock[i] < 0)
		return;
	if (chance(t, 40)) {
		struct linger l = { .l_onoff = 1, .l_linger = 0 };	/* reset */

		setsockopt(t->usock[i], SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	}
	close(t->usock[i]);
	t->usock[i] = -1;
}

static void burst(struct thr *t, int s)
{
	size_t n = chance(t, 50) ? 1 + below(t, 2000) : 1 + below(t, 65536);

	if (send(s, t->data, n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		return;
	if (chance(t, 25))
		send(s, "!", 1, MSG_OOB | MSG_DONTWAIT | MSG_NOSIGNAL);
}

static void tcp_connect(struct thr *t)
{
	uint32_t e = pick_port(t, false);
	struct sockaddr_storage ss;
	struct pollfd pfd;
	socklen_t len;
	int s, i = below(t, NUSOCK);

	if (!e)
		return;
	memset(&ss, 0, sizeof(ss));
	if (e & (1U << 16)) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(e & 0xffff);
		a->sin6_addr = in6addr_loopback;
		len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(e & 0xffff);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*a);
	}
	s = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s < 0)
		return;
	if (connect(s, (struct sockaddr *)&ss, len) && errno != EINPROGRESS) {
		close(s);
		return;
	}
	pfd.fd = s;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, 100) != 1 || (pfd.revents & (POLLERR | POLLHUP))) {
		close(s);
		return;
	}
	sock_drop(t, i);
	t->usock[i] = s;
	if (chance(t, 30)) {
		int one = 1;

		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	}
	burst(t, s);
}

static void udp_burst(struct thr *t)
{
	uint32_t e = pick_port(t, true);
	bool v6 = e & (1U << 16);
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_addr = in6addr_loopback };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	unsigned int n, i;

	if (!e)
		return;
	if (t->udp[v6] < 0)
		t->udp[v6] = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK |
				    SOCK_CLOEXEC, 0);
	if (t->udp[v6] < 0)
		return;
	a6.sin6_port = a4.sin_port = htons(e & 0xffff);
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	n = 1 + below(t, 20);
	for (i = 0; i < n; i++) {
		unsigned int r = below(t, 100);
		size_t len = r < 40 ? below(t, 65) : r < 85 ? below(t, 1473) : below(t, 65508);

		if (sendto(t->udp[v6], t->data, len, MSG_DONTWAIT | MSG_NOSIGNAL,
			   v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4,
			   v6 ? sizeof(a6) : sizeof(a4)) < 0)
			break;
	}
}

static void op_traffic(struct thr *t)
{
	unsigned int r = below(t, 100);
	int i = below(t, NUSOCK), s = t->usock[i];

	atomic_fetch_add_explicit(&sh->traffic, 1, memory_order_relaxed);
	if (r < 40) {
		tcp_connect(t);
	} else if (r < 70 && s >= 0) {
		r = below(t, 100);
		if (r < 50)
			burst(t, s);
		else if (r < 75)
			recv(s, t->data, 1 + below(t, 65536), MSG_DONTWAIT);
		else if (r < 85)
			shutdown(s, SHUT_WR);
		else
			sock_drop(t, i);
	} else {
		udp_burst(t);
	}
}

/* The fuzzing threads */

static void *fuzz_thread(void *arg)
{
	struct thr *t = arg;
	unsigned int r;
	int i;

	atomic_store(&t->w->tid, gettid());
	t->mif = -1;
	if (opt_failslab)
		t->mif = open("/proc/thread-self/make-it-fail", O_WRONLY | O_CLOEXEC);
	if (opt_failslab && t->mif < 0 && t->idx == 0 && proc_slot == 0 && proc_inc == 0)
		say("wskfuzz: note: no fault injection here (/proc/thread-self/make-it-fail: %s)",
		    strerror(errno));

	while (!stopping()) {
		failslab_mode(t);
		r = below(t, 1000);
		if (r < 30)
			op_version(t);
		else if (r < 130)
			op_socket(t);
		else if (r < 380)
			op_request(t);
		else if (r < 450)
			op_control(t);
		else if (r < 465)
			op_static(t);
		else if (r < 495)
			op_backlog(t);
		else if (r < 570)
			op_sockinfo(t);
		else if (r < 625)
			op_policy(t);
		else if (r < 660)
			op_release(t);
		else if (r < 700)
			op_unhold(t);
		else if (r < 725)
			op_service(t);
		else if (r < 735)
			op_option(t);
		else if (r < 740)
			op_inspect(t);
		else if (r < 750)
			op_badcmd(t);
		else if (r < 860)
			op_read(t);
		else if (r < 880)
			op_poll(t);
		else if (r < 886)
			op_close(t);
		else if (r < 896)
			op_vol(t);
		else if (r < 906)
			op_resolve(t);
		else
			op_traffic(t);
	}
	if (t->failing)
		(void)!pwrite(t->mif, "0", 1, 0);
	for (i = 0; i < NUSOCK; i++)
		if (t->usock[i] >= 0)
			close(t->usock[i]);
	for (i = 0; i < 2; i++)
		if (t->udp[i] >= 0)
			close(t->udp[i]);
	return NULL;
}

/*
 * The signaller and watchdog: signals a thread whose blocking call has reached its
 * interruption time (again every 20 ms while it lasts), and reports calls that block too
 * long (once per call) with the thread's kernel stack.
 */
static void *watchdog_thread(void *arg)
{
	struct timespec tick = { .tv_nsec = 5 * 1000000L };
	uint64_t limit = WATCHDOG_S * 1000000000ULL, start, call, ia, now;
	char path[64], stack[512];
	pid_t pid = getpid();
	int i, fd;
	ssize_t n;

	(void)arg;
	/* Bounded: the workers end by the bounds, the parent kills what does not. */
	while (!atomic_load(&workers_done)) {
		nanosleep(&tick, NULL);
		now = now_ns();
		for (i = 0; i < opt_threads; i++) {
			struct watch *w = &watches[i];

			ia = atomic_load(&w->intr_at);
			if (ia && now >= ia &&
			    atomic_compare_exchange_strong(&w->intr_at, &ia, now + 20000000ULL))
				syscall(SYS_tgkill, pid, atomic_load(&w->tid), SIGUSR1);
			start = atomic_load(&w->start);
			call = atomic_load(&w->call);
			if (!start || now_ns() - start < limit || atomic_load(&w->reported) == call)
				continue;
			atomic_store(&w->reported, call);
			n = 0;
			snprintf(path, sizeof(path), "/proc/self/task/%d/stack",
				 (int)atomic_load(&w->tid));
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd >= 0) {
				n = read(fd, stack, sizeof(stack) - 1);
				close(fd);
			}
			stack[n > 0 ? n : 0] = 0;
			for (fd = 0; stack[fd]; fd++)
				if (stack[fd] == '\n')
					stack[fd] = ' ';
			finding_at(i, call, "%s blocked for more than %d s; kernel stack: %s",
				kind_name[atomic_load(&w->kind)], WATCHDOG_S,
				stack[0] ? stack : "(unavailable)");
		}
	}
	return NULL;
}

static uint8_t *map_guarded(size_t len)
{
	uint8_t *p = mmap(NULL, len + 2 * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (mprotect(p, PAGE, PROT_NONE) || mprotect(p + PAGE + len, PAGE, PROT_NONE))
		return NULL;
	memset(p + PAGE, 0, len);	/* faulted in now, not under fault injection */
	return p + PAGE;
}

static void __attribute__((noreturn)) worker(int slot, int inc)
{
	struct sigaction sa;
	pthread_t wd;
	uint64_t seed;
	int i;

	proc_slot = slot;
	proc_inc = inc;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	mallopt(M_ARENA_MAX, 1);

	slots[0].fd = global_fd;
	slots[0].global = true;
	for (i = 1; i < NSLOTS; i++) {
		slots[i].fd = -1;
		slots[i].nonblock = i & 1;
	}
	vol = mmap(NULL, VOL_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vol == MAP_FAILED)
		vol = NULL;
	else
		atomic_store(&vol_mapped, 1);
	for (i = 0; i < opt_threads; i++) {
		struct thr *t = &thrs[i];
		int j;

		seed = opt_seed ^ ((uint64_t)slot << 48) ^ ((uint64_t)inc << 24) ^ i;
		t->idx = i;
		t->rng = mix64(seed) ^ mix64(seed + 0x51ed);
		t->w = &watches[i];
		t->arg = map_guarded(ARG_RW);
		t->data = map_guarded(DATA_LEN);
		if (!t->arg || !t->data)
			_exit(3);
		if (mprotect(t->arg - PAGE, PAGE, PROT_READ | PROT_WRITE))
			_exit(3);	/* the area needs no guard below, only above */
		for (j = 0; j < NUSOCK; j++)
			t->usock[j] = -1;
		t->udp[0] = t->udp[1] = -1;
	}
	for (i = 0; i < opt_threads; i++)
		if (pthread_create(&thrs[i].th, NULL, fuzz_thread, &thrs[i]))
			_exit(3);
	if (pthread_create(&wd, NULL, watchdog_thread, NULL))
		_exit(3);
	for (i = 0; i < opt_threads; i++)
		pthread_join(thrs[i].th, NULL);
	atomic_store(&workers_done, 1);
	pthread_join(wd, NULL);
	_exit(0);
}

/* The parent: workers, chaos kills, reaping, the summary */

struct kid {
	pid_t pid;
	int pidfd;
	int inc;
	bool lost;
};

static struct kid kids[MAX_PROCS];
static uint64_t prng;

static void spawn(int i)
{
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		int j;

		for (j = 0; j < MAX_PROCS; j++)
			if (kids[j].pidfd >= 0)
				close(kids[j].pidfd);
		worker(i, kids[i].inc);
	}
	if (pid < 0) {
		kids[i].pid = 0;
		return;
	}
	kids[i].pid = pid;
	kids[i].pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	atomic_fetch_add(&sh->spawns, 1);
}

/* The state and kernel stacks of a process that does not go away. */
static void describe(pid_t pid, char *out, size_t len)
{
	char path[64], buf[384];
	size_t used = 0;
	ssize_t n;
	int fd, i;

	out[0] = 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = 0;
		used += snprintf(out, len, "stat: %.60s; ", buf);
	}
	snprintf(path, sizeof(path), "/proc/%d/stack", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && used < len) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		buf[n > 0 ? n : 0] = 0;
		for (i = 0; buf[i]; i++)
			if (buf[i] == '\n')
				buf[i] = ' ';
		snprintf(out + used, len - used, "stack: %s", buf);
	}
}

/* Reap kid @i, which has exited; judge how. Return: whether a new incarnation may follow. */
static bool reaped(int i, int st)
{
	bool again = true;

	if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL)
		finding(NULL, "worker %d.%d died of signal %d (%s)", i, kids[i].inc, WTERMSIG(st),
			strsignal(WTERMSIG(st)));
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
		say("wskfuzz: note: worker %d.%d could not set itself up", i, kids[i].inc),
		again = false;
	else if (WIFEXITED(st) && WEXITSTATUS(st))
		finding(NULL, "worker %d.%d exited with status %d", i, kids[i].inc,
			WEXITSTATUS(st));
	if (kids[i].pidfd >= 0)
		close(kids[i].pidfd);
	kids[i].pid = 0;
	kids[i].pidfd = -1;
	return again;
}

/* Wait up to @ms for kid @i to end and reap it; false if it did not. @again: see reaped(). */
static bool reap_within(int i, int ms, bool *again)
{
	struct pollfd pfd = { .fd = kids[i].pidfd, .events = POLLIN };
	uint64_t end = now_ns() + (uint64_t)ms * 1000000ULL;
	int st, left;

	while (kids[i].pidfd >= 0) {
		left = (int)((int64_t)(end - now_ns()) / 1000000);
		if (left <= 0)
			break;
		if (poll(&pfd, 1, left) == 1)
			break;
	}
	if (waitpid(kids[i].pid, &st, WNOHANG) != kids[i].pid)
		return false;
	*again = reaped(i, st);
	return true;
}

/* Return: whether a new incarnation may follow. */
static bool kill_and_reap(int i)
{
	bool again = false;
	char what[600];

	kill(kids[i].pid, SIGKILL);
	if (reap_within(i, REAP_S * 1000, &again))
		return again;
	describe(kids[i].pid, what, sizeof(what));
	finding(NULL, "worker %d.%d (pid %d) not reaped %d s after SIGKILL; %s", i,
		kids[i].inc, (int)kids[i].pid, REAP_S, what);
	kids[i].lost = true;
	return false;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: wskfuzz [-s SEED] [-n CALLS] [-t SECONDS] [-j THREADS] [-p PROCS]\n"
		"               [-f FAILSLAB_PERCENT] [-k KILL_INTERVAL_MS]\n");
	exit(2);
}

static void print_results(void)
{
	char line[2048];
	int k, e;

	for (k = 0; k < NKIND; k++) {
		uint64_t total = 0, v;
		size_t n;

		for (e = 0; e < NERR; e++)
			total += atomic_load(&sh->res[k][e]);
		if (!total)
			continue;
		n = snprintf(line, sizeof(line), "wskfuzz: %-13s %9" PRIu64 ":", kind_name[k],
			     total);
		for (e = 0; e < NERR && n < sizeof(line) - 64; e++) {
			v = atomic_load(&sh->res[k][e]);
			if (!v)
				continue;
			n += snprintf(line + n, sizeof(line) - n, " %s %" PRIu64,
				      e == 0 ? "ok" : e == 134 ? "other" :
				      e == 135 ? "internal" : ename(e), v);
		}
		say("%s", line);
	}
}

int main(int argc, char **argv)
{
	uint64_t next_kill, stop_at = 0, hard_end, calls;
	struct pollfd pfd[MAX_PROCS];
	int map[MAX_PROCS];
	int opt, i, n, alive, st;
	bool again;

	while ((opt = getopt(argc, argv, "s:n:t:j:p:f:k:")) != -1) {
		switch (opt) {
		case 's':
			opt_seed = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			opt_calls = strtoull(optarg, NULL, 0);
			break;
		case 't':
			opt_secs = strtoull(optarg, NULL, 0);
			break;
		case 'j':
			opt_threads = atoi(optarg);
			break;
		case 'p':
			opt_procs = atoi(optarg);
			break;
		case 'f':
			opt_failslab = atoi(optarg);
			break;
		case 'k':
			opt_kill_ms = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || opt_threads < 1 || opt_threads > MAX_THREADS || opt_procs < 1 ||
	    opt_procs > MAX_PROCS || opt_failslab < 0 || opt_failslab > 100 || opt_kill_ms < 0 ||
	    !opt_secs)
		usage();

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("wskfuzz: mmap");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	global_fd = open("/dev/wsk", O_RDWR);
	if (global_fd < 0) {
		perror("wskfuzz: /dev/wsk");
		return 2;
	}
	say("wskfuzz: start: seed %" PRIu64 " calls %" PRIu64 " seconds %" PRIu64
	    " procs %d threads %d failslab %d%% kill-interval %d ms", opt_seed, opt_calls,
	    opt_secs, opt_procs, opt_threads, opt_failslab, opt_kill_ms);
	t0_ns = now_ns();
	deadline_ns = t0_ns + opt_secs * 1000000000ULL;
	hard_end = deadline_ns + (GRACE_S + REAP_S + 5) * 1000000000ULL;
	prng = mix64(opt_seed ^ 0xfeedULL);

	for (i = 0; i < opt_procs; i++) {
		kids[i].pidfd = -1;
		spawn(i);
	}
	next_kill = now_ns() + (opt_kill_ms ? rng_next(&prng) % (2ULL * opt_kill_ms) : 0) *
		    1000000ULL;
	/* Bounded by hard_end: the workers end by the bounds, or are killed at the grace. */
	while (now_ns() < hard_end) {
		uint64_t now = now_ns();
		bool stop = atomic_load(&sh->stop) || now >= deadline_ns;
		int timeout = 200;

		if (stop && !stop_at)
			stop_at = now;
		for (i = 0, n = 0, alive = 0; i < opt_procs; i++) {
			if (!kids[i].pid || kids[i].lost)
				continue;
			alive++;
			if (kids[i].pidfd < 0)
				continue;
			pfd[n].fd = kids[i].pidfd;
			pfd[n].events = POLLIN;
			map[n++] = i;
		}
		if (stop && !alive)
			break;
		if (stop && now - stop_at > GRACE_S * 1000000000ULL) {
			for (i = 0; i < opt_procs; i++)
				if (kids[i].pid && !kids[i].lost)
					kill_and_reap(i);
			break;
		}
		if (!stop && opt_kill_ms && next_kill > now && next_kill - now < 200000000ULL)
			timeout = (int)((next_kill - now) / 1000000ULL);
		if (n && poll(pfd, n, timeout) > 0) {
			for (i = 0; i < n; i++) {
				int k = map[i];

				if (!(pfd[i].revents & POLLIN) ||
				    waitpid(kids[k].pid, &st, WNOHANG) != kids[k].pid)
					continue;
				if (reaped(k, st) && !stop && !atomic_load(&sh->stop)) {
					kids[k].inc++;
					spawn(k);
				}
			}
		} else if (!n) {
			/* No pidfd (a fork failed): poll the slow way. */
			for (i = 0; i < opt_procs; i++)
				if (kids[i].pid && !kids[i].lost &&
				    waitpid(kids[i].pid, &st, WNOHANG) == kids[i].pid)
					reaped(i, st);
			poll(NULL, 0, timeout);
		}
		now = now_ns();
		stop = atomic_load(&sh->stop) || now >= deadline_ns;
		if (!stop && opt_kill_ms && now >= next_kill) {
			i = (int)(rng_next(&prng) % opt_procs);
			if (kids[i].pid && !kids[i].lost) {
				atomic_fetch_add(&sh->kills, 1);
				if (kill_and_reap(i)) {
					kids[i].inc++;
					spawn(i);
				}
			}
			next_kill = now_ns() + (1 + rng_next(&prng) % (2ULL * opt_kill_ms)) *
				    1000000ULL;
		}
	}
	for (i = 0; i < opt_procs; i++)
		if (kids[i].pid && !kids[i].lost && !reap_within(i, 0, &again))
			finding(NULL, "worker %d.%d (pid %d) still running at the end", i,
				kids[i].inc, (int)kids[i].pid);
	close(global_fd);

	calls = atomic_load(&sh->calls);
	if (calls > opt_calls)
		calls = opt_calls;
	print_results();
	say("wskfuzz: chaos: kills %" PRIu64 " spawns %" PRIu64 " traffic %" PRIu64
	    " raced %" PRIu64 " (calls on a file closed meanwhile, not judged)",
	    atomic_load(&sh->kills), atomic_load(&sh->spawns), atomic_load(&sh->traffic),
	    atomic_load(&sh->raced));
	say("wskfuzz: seed %" PRIu64 " calls %" PRIu64 " seconds %.1f procs %d threads %d "
	    "findings %" PRIu64, opt_seed, calls, (now_ns() - t0_ns) / 1e9, opt_procs,
	    opt_threads, atomic_load(&sh->findings));
	return atomic_load(&sh->findings) ? 1 : 0;
}
