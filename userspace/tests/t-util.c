// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the number parser, vms_scan_u64(), and what is built on it.
 */
#include <errno.h>
#include <stdint.h>

#include "tap.h"
#include "util.h"

void test_util(void)
{
	uint64_t v = 0;
	int64_t sv = 0;
	pid_t pid = 0;
	const char *p, *text;

	tap_ok(!vms_parse_u64("0", &v) && v == 0, "u64: 0");
	tap_ok(!vms_parse_u64("18446744073709551615", &v) && v == UINT64_MAX,
	       "u64: UINT64_MAX");
	tap_is_int(vms_parse_u64("18446744073709551616", &v), -ERANGE, "u64: overflow");
	tap_is_int(vms_parse_u64("", &v), -EINVAL, "u64: empty");
	tap_is_int(vms_parse_u64("-1", &v), -EINVAL, "u64: sign");
	tap_is_int(vms_parse_u64(" 1", &v), -EINVAL, "u64: space");
	tap_is_int(vms_parse_u64("12a", &v), -EINVAL, "u64: trailing garbage");
	tap_ok(!vms_parse_hex("0x7f3a00000000", &v) && v == 0x7f3a00000000ull, "hex: address");
	tap_ok(!vms_parse_hex("0xffffffffffffffff", &v) && v == UINT64_MAX, "hex: max");
	tap_is_int(vms_parse_hex("0x10000000000000000", &v), -ERANGE, "hex: overflow");
	tap_is_int(vms_parse_hex("0x", &v), -EINVAL, "hex: no digits");
	tap_is_int(vms_parse_hex("7f", &v), -EINVAL, "hex: no 0x");
	tap_is_int(vms_parse_hex("0xg", &v), -EINVAL, "hex: bad digit");
	tap_ok(!vms_pid_arg("1234", &pid) && pid == 1234, "pid: 1234");
	tap_is_int(vms_pid_arg("0", &pid), -EINVAL, "pid: 0 rejected");
	tap_is_int(vms_pid_arg("2147483648", &pid), -EINVAL, "pid: > INT_MAX rejected");
	tap_is_int(vms_pid_arg("12x", &pid), -EINVAL, "pid: not digits");
	tap_is_int(vms_pid_arg("+12", &pid), -EINVAL, "pid: sign");

	text = "7f00-7f10 r";
	p = text;
	tap_ok(!vms_scan_u64(&p, NULL, 16, &v) && v == 0x7f00 && p == text + 4,
	       "scan: hex stops at the first non-digit");
	p = text;
	tap_ok(!vms_scan_u64(&p, text + 2, 16, &v) && v == 0x7f && p == text + 2,
	       "scan: stops at end");
	p = text + 4;
	tap_is_int(vms_scan_u64(&p, NULL, 16, &v), -EINVAL, "scan: no digit");
	tap_ok(p == text + 4, "scan: no digit leaves *p");
	text = "99999999999999999999 x";
	p = text;
	tap_is_int(vms_scan_u64(&p, NULL, 10, &v), -ERANGE, "scan: overflow");
	tap_ok(p == text + 20, "scan: overflow consumes the digits");
	p = "12";
	tap_is_int(vms_scan_u64(&p, NULL, 8, &v), -EINVAL, "scan: base 8 refused");
	p = "1a";
	tap_ok(!vms_scan_u64(&p, NULL, 10, &v) && v == 1 && *p == 'a',
	       "scan: decimal does not take hex digits");
	tap_ok(!vms_parse_hex("0xAbC", &v) && v == 0xabc, "hex: either case");
	tap_is_int(vms_parse_hex("0x1 ", &v), -EINVAL, "hex: trailing space");

	tap_ok(!vms_parse_range("100000", 1, 100000, &v) && v == 100000, "range: max");
	tap_is_int(vms_parse_range("0", 1, 10, &v), -ERANGE, "range: below");
	tap_is_int(vms_parse_range("11", 1, 10, &v), -ERANGE, "range: above");
	tap_is_int(vms_parse_range("1.5", 1, 10, &v), -EINVAL, "range: trailing garbage");

	tap_ok(!vms_parse_s64("-1000", &sv) && sv == -1000, "s64: negative");
	tap_ok(!vms_parse_s64("0", &sv) && sv == 0, "s64: 0");
	tap_ok(!vms_parse_s64("-9223372036854775808", &sv) && sv == INT64_MIN, "s64: min");
	tap_ok(!vms_parse_s64("9223372036854775807", &sv) && sv == INT64_MAX, "s64: max");
	tap_is_int(vms_parse_s64("9223372036854775808", &sv), -ERANGE, "s64: above max");
	tap_is_int(vms_parse_s64("-9223372036854775809", &sv), -ERANGE, "s64: below min");
	tap_is_int(vms_parse_s64("-", &sv), -EINVAL, "s64: sign alone");
	tap_is_int(vms_parse_s64("--1", &sv), -EINVAL, "s64: two signs");
	tap_is_int(vms_parse_s64("1\n", &sv), -EINVAL, "s64: newline");
}
