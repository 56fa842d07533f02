// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Tests of the number parsers.
 */
#include <errno.h>
#include <stdint.h>

#include "tap.h"
#include "util.h"

void test_util(void)
{
	uint64_t v = 0;
	pid_t pid = 0;

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
	tap_ok(!vms_parse_pid("1234", &pid) && pid == 1234, "pid: 1234");
	tap_is_int(vms_parse_pid("0", &pid), -EINVAL, "pid: 0 rejected");
	tap_is_int(vms_parse_pid("2147483648", &pid), -EINVAL, "pid: > INT_MAX rejected");
	tap_is_int(vms_parse_pid("12x", &pid), -EINVAL, "pid: not digits");
}
