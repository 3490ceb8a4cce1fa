/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_KUNIT_SUITES_H
#define _WSK_KUNIT_SUITES_H

#include <kunit/test.h>

extern struct kunit_suite wsk_net_test_suite;
extern struct kunit_suite wsk_events_test_suite;
extern struct kunit_suite wsk_stream_test_suite;
extern struct kunit_suite wsk_listen_test_suite;
extern struct kunit_suite wsk_dgram_test_suite;
extern struct kunit_suite wsk_close_test_suite;
extern struct kunit_suite wsk_options_test_suite;
extern struct kunit_suite wsk_cond_test_suite;
extern struct kunit_suite wsk_stream_socket_test_suite;
extern struct kunit_suite wsk_resolve_test_suite;

#endif /* _WSK_KUNIT_SUITES_H */
