// SPDX-License-Identifier: GPL-2.0
/*
 * Offline tests of wskctl's parsers (make check): addresses, sizes, durations, event names,
 * statuses, errno names, record flags. No module needed.
 */

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "wskctl.h"

static int failures, tests;

#define CHECK(cond, ...)                                                                   \
	do {                                                                               \
		tests++;                                                                   \
		if (!(cond)) {                                                             \
			failures++;                                                        \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                        \
			printf(__VA_ARGS__);                                               \
			putchar('\n');                                                     \
		}                                                                          \
	} while (0)

static void addr_ok(const char *s, int family, unsigned port, const char *back)
{
	struct wsk_addr a;
	char why[WSKCTL_WHY], buf[80];

	CHECK(!parse_addr(s, &a, why), "'%s' rejected: %s", s, why);
	CHECK(a.family == family, "'%s': family %u", s, a.family);
	CHECK(a.port == port, "'%s': port %u", s, a.port);
	format_addr(&a, buf, sizeof(buf));
	CHECK(!strcmp(buf, back), "'%s' formats as '%s', not '%s'", s, buf, back);
}

static void addr_bad(const char *s, const char *reason)
{
	struct wsk_addr a;
	char why[WSKCTL_WHY] = "";

	CHECK(parse_addr(s, &a, why), "'%s' accepted", s);
	CHECK(strstr(why, reason), "'%s': reason '%s' lacks '%s'", s, why, reason);
}

static void size_is(const char *s, uint64_t v)
{
	char why[WSKCTL_WHY];
	uint64_t got = 0;

	CHECK(!parse_size(s, &got, why) && got == v, "size '%s' = %" PRIu64 ", not %" PRIu64, s,
	      got, v);
}

static void dur_is(const char *s, uint64_t ms)
{
	char why[WSKCTL_WHY];
	uint64_t got = 0;

	CHECK(!parse_duration(s, &got, why) && got == ms, "duration '%s' = %" PRIu64, s, got);
}

int main(void)
{
	char why[WSKCTL_WHY], buf[128];
	uint32_t m, st;
	uint64_t v;
	int e;

	addr_ok("127.0.0.1:9000", AF_INET, 9000, "127.0.0.1:9000");
	addr_ok("0.0.0.0:0", AF_INET, 0, "0.0.0.0:0");
	addr_ok("*:7", AF_INET, 7, "0.0.0.0:7");
	addr_ok("[::1]:9000", AF_INET6, 9000, "[::1]:9000");
	addr_ok("[::]:65535", AF_INET6, 65535, "[::]:65535");
	addr_ok("[fe80::1%7]:1", AF_INET6, 1, "[fe80::1%7]:1");
	addr_bad("127.0.0.1", "missing ':PORT'");
	addr_bad("127.0.0.1:", "missing port");
	addr_bad("127.0.0.1:65536", "bad port");
	addr_bad("127.0.0.1:9x", "bad port");
	addr_bad("256.0.0.1:1", "not an IPv4 address");
	addr_bad("localhost:1", "not an IPv4 address");
	addr_bad("::1:9000", "need brackets");
	addr_bad("[::1:9000", "missing ']'");
	addr_bad("[::1]9000", "missing ':PORT'");
	addr_bad("[::g]:1", "not an IPv6 address");
	addr_bad("[fe80::1%nosuchif0]:1", "unknown interface");

	size_is("0", 0);
	size_is("10", 10);
	size_is("4k", 4096);
	size_is("4K", 4096);
	size_is("100M", 100 << 20);
	size_is("1G", 1 << 30);
	size_is("2MiB", 2 << 20);
	CHECK(parse_size("10x", &v, why), "10x accepted");
	CHECK(parse_size("-1", &v, why), "-1 accepted");
	CHECK(parse_size("", &v, why), "empty size accepted");
	CHECK(parse_size("99999999999999999999", &v, why), "overflow accepted");
	CHECK(parse_size("17179869184G", &v, why), "multiplication overflow accepted");

	dur_is("2s", 2000);
	dur_is("2", 2000);
	dur_is("500ms", 500);
	dur_is("1.5s", 1500);
	dur_is("1m", 60000);
	CHECK(parse_duration("2h", &v, why), "2h accepted");
	CHECK(parse_duration("s", &v, why), "s accepted");

	CHECK(!parse_events("accept,receive", &m, why) &&
	      m == (WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE), "accept,receive = 0x%x", m);
	CHECK(!parse_events("receive-from", &m, why) && m == WSK_EVENT_RECEIVE_FROM, "rf");
	CHECK(!parse_events("disconnect,send-backlog", &m, why) &&
	      m == (WSK_EVENT_DISCONNECT | WSK_EVENT_SEND_BACKLOG), "disc,sb");
	CHECK(parse_events("recieve", &m, why) && strstr(why, "unknown event 'recieve'"),
	      "recieve: %s", why);
	CHECK(parse_events("", &m, why), "empty event list accepted");
	CHECK(parse_events(",", &m, why), "',' accepted");
	format_events(WSK_EVENT_ACCEPT | WSK_EVENT_RECEIVE | 0x1000, buf, sizeof(buf));
	CHECK(!strcmp(buf, "receive,accept,0x1000") || !strcmp(buf, "accept,receive,0x1000"),
	      "format_events: %s", buf);
	format_events(0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "none"), "format_events(0): %s", buf);

	CHECK(!parse_status("PENDING", &st) && st == WSK_STATUS_PENDING, "PENDING");
	CHECK(!parse_status("STATUS_EVENT_PENDING", &st) && st == WSK_STATUS_EVENT_PENDING, "EP");
	CHECK(!parse_status("data_not_accepted", &st) && st == WSK_STATUS_DATA_NOT_ACCEPTED, "dna");
	CHECK(!parse_status("0xC0000120", &st) && st == WSK_STATUS_CANCELLED, "hex");
	CHECK(parse_status("EINVAL", &st), "EINVAL is no status");
	CHECK(parse_status("BOGUS", &st), "BOGUS accepted");
	CHECK(!strcmp(status_name(WSK_STATUS_REQUEST_NOT_ACCEPTED), "REQUEST_NOT_ACCEPTED"), "n");
	format_status(0xC0FFEE00, buf, sizeof(buf));
	CHECK(!strcmp(buf, "0xC0FFEE00"), "unknown status: %s", buf);
	CHECK(is_error_status(WSK_STATUS_CANCELLED) && !is_error_status(WSK_STATUS_PENDING) &&
	      !is_error_status(WSK_STATUS_EVENT_PENDING) &&
	      !is_error_status(WSK_STATUS_BUFFER_OVERFLOW), "is_error_status");

	CHECK(!parse_errno("EPERM", &e) && e == 1, "EPERM");
	CHECK(!parse_errno("ENOTTY", &e) && !strcmp(errno_name(e), "ENOTTY"), "ENOTTY");
	CHECK(parse_errno("EVENT_PENDING", &e), "EVENT_PENDING is no errno");

	CHECK(!parse_record_flags("abortive,null", &m, why) &&
	      m == (WSK_FLAG_ABORTIVE | WSK_RECORD_F_NULL), "flags");
	CHECK(parse_record_flags("abortive,bogus", &m, why) && strstr(why, "bogus"), "bad flag");
	format_record_flags(WSK_FLAG_AT_DISPATCH_LEVEL, buf, sizeof(buf));
	CHECK(!strcmp(buf, "dispatch"), "dispatch: %s", buf);

	CHECK(!parse_record_kind("complete", &m, why) && m == WSK_RECORD_COMPLETE, "complete");
	CHECK(parse_record_kind("recv", &m, why) && strstr(why, "'recv'"), "recv");
	CHECK(!parse_action("accept-bytes", &m, why) && m == WSK_POLICY_ACCEPT_BYTES, "ab");
	CHECK(parse_action("keep", &m, why), "keep accepted");
	CHECK(!parse_op("receive-from", &m, why) && m == WSK_REQ_RECEIVE_FROM, "op");
	CHECK(!parse_category("listen", &m) && m == WSK_FLAG_LISTEN_SOCKET, "listen");
	CHECK(parse_category("tcp", &m), "tcp is no category");
	CHECK(!parse_state("connected,peer-fin", &m) &&
	      m == (WSK_SI_CONNECTED | WSK_SI_PEER_FIN), "state");

	CHECK(pattern_byte(0) == 0 && pattern_byte(1) == 7 && pattern_byte(256) == 1,
	      "pattern matches wskpeer's");

	printf("test_parse: %d of %d checks passed\n", tests - failures, tests);
	return failures ? 1 : 0;
}
