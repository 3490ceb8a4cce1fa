// SPDX-License-Identifier: GPL-2.0
/*
 * The wsk KUnit module: every suite, one module. Loading it runs them and prints KTAP.
 */

#include "compat.h"
#include "suites.h"

#include <linux/module.h>

kunit_test_suites(&wsk_net_test_suite, &wsk_events_test_suite, &wsk_stream_test_suite,
		  &wsk_listen_test_suite, &wsk_dgram_test_suite, &wsk_close_test_suite,
		  &wsk_options_test_suite, &wsk_cond_test_suite,
		  &wsk_stream_socket_test_suite, &wsk_resolve_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for wsk");
WSK_IMPORT_KUNIT_NS();
