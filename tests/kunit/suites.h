/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WSK_KUNIT_SUITES_H
#define _WSK_KUNIT_SUITES_H

#include <kunit/test.h>

extern struct kunit_suite wsk_net_test_suite;

#endif /* _WSK_KUNIT_SUITES_H */
