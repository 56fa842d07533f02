#!/bin/sh
# Usage: /vmscope/sig.sh refused|signed|lockdown LEVEL
#
# Module signatures and lockdown in a guest (scripts/sig-guest boots it):
#   refused   the kernel was booted with module.sig_enforce=1 and trusts no
#             key of ours (stock Debian): the unsigned /vmscope/vmscope.ko is
#             refused with EKEYREJECTED, and the CLI says in one line that
#             this kernel loads only signed modules
#   signed    the same, on the debug kernel, which trusts the test key:
#             the unsigned module is refused, /vmscope/vmscope-signed.ko
#             (the same module after scripts/sign-module) loads, and a
#             request through /proc/vmscope gives a complete report
#   lockdown LEVEL  the unsigned module is loaded, a PID tracked, then
#             lockdown raised to LEVEL at run time: /proc/vmscope and the
#             CLI still work; debugfs opens only its read-only files (the
#             tracked PID's vmas, version), track and untrack fail with
#             EPERM, chmod too; after rmmod the module cannot be loaded
#             again (EPERM) and the CLI names the lockdown level
# Prints one "VMSCOPE-TAP ok|not ok - NAME" line per check.
V=/vmscope
CLI=$V/vmscope
D=/sys/kernel/debug/vmscope

tap() { echo "VMSCOPE-TAP $*"; }
ok() { tap "ok - $1"; }
notok() { tap "not ok - $1 # $2"; }
check() { # NAME CMD... : ok if CMD succeeds
	name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then ok "$name"; else notok "$name" "$(tail -c 300 /tmp/check.out | tr '\n' ' ')"; fi
}
# ok if CMD fails and its output has PATTERN (the errno's message)
fails_with() { # NAME PATTERN CMD...
	name=$1 pat=$2
	shift 2
	if "$@" >/tmp/check.out 2>&1; then
		notok "$name" "it succeeded"
	elif grep -q -- "$pat" /tmp/check.out; then
		ok "$name"
	else
		notok "$name" "$(tail -c 300 /tmp/check.out | tr '\n' ' ')"
	fi
}

# A whole report for this shell through /proc/vmscope (one session). A
# subshell: a redirection that fails makes exec end the shell it runs in.
proc_report() (
	exec 3<>/proc/vmscope || exit 1
	echo "$$ summary vmas" >&3 || exit 1
	cat <&3 >/tmp/report
	exec 3<&-
	grep -q "^vmscope version=1 pid=$$ " /tmp/report &&
		grep -q '^vma ' /tmp/report && tail -n 1 /tmp/report | grep -q '^end status=complete'
)
# The CLI's table for this shell, through the module only.
cli_show() {
	$CLI show --source=module $$ >/tmp/cli.out 2>&1 && grep -q "^pid $$ " /tmp/cli.out
}
# The CLI fails with exit 2 and exactly one line, the one named.
cli_missing() { # RULE
	$CLI show --source=module $$ >/tmp/cli.out 2>&1
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l </tmp/cli.out)" = 1 ] &&
		grep -qxF "vmscope: module not loaded (/proc/vmscope missing); this kernel loads only signed modules ($1): sign vmscope.ko with a key it trusts (make sign; see vmscope(4))" /tmp/cli.out ||
		{ echo "rc=$rc"; cat /tmp/cli.out; return 1; }
}
level() { sed -n 's/.*\[\([a-z]*\)\].*/\1/p' /sys/kernel/security/lockdown; }
lower_refused() { # LEVEL
	! sh -c 'echo none >/sys/kernel/security/lockdown' && [ "$(level)" = "$1" ]
}

uname -r
mode=$1
case $mode in
refused | signed)
	check "module.sig_enforce is on" grep -qx Y /sys/module/module/parameters/sig_enforce
	fails_with "unsigned module refused: Key was rejected (EKEYREJECTED)" \
		'Key was rejected' insmod $V/vmscope.ko
	check "unsigned module: not loaded, no /proc/vmscope" sh -c '! grep -q "^vmscope " /proc/modules && [ ! -e /proc/vmscope ]'
	check "cli: one line: this kernel loads only signed modules (module.sig_enforce)" \
		cli_missing module.sig_enforce
	check "cli: --source=auto falls back to /proc" sh -c "$CLI show $$ >/tmp/auto.out 2>&1 && grep -q '^pid $$ ' /tmp/auto.out"
	dmesg | grep -i -E 'signature|rejected|vmscope' | tail -n 5 | sed 's/^/# dmesg: /'
	if [ "$mode" = signed ]; then
		check "signed module loads under sig_enforce" insmod $V/vmscope-signed.ko
		check "request through /proc/vmscope: complete report" proc_report
		check "cli show --source=module works" cli_show
		check "signed module: loaded without the E (unsigned) taint" sh -c 'grep "^vmscope " /proc/modules | grep -v "(.*E.*)" | grep -q .'
		check "rmmod" rmmod vmscope
	fi
	;;
lockdown)
	want=$2
	mkdir -p /sys/kernel/security
	check "securityfs mounted" mount -t securityfs securityfs /sys/kernel/security
	check "lockdown is none at boot" test "$(level)" = none
	check "insmod unsigned module before lockdown" insmod $V/vmscope.ko
	check "track this shell before lockdown" sh -c "echo $$ >$D/track"
	echo "$want" >/sys/kernel/security/lockdown
	check "lockdown raised to $want" test "$(level)" = "$want"
	check "$want: request through /proc/vmscope: complete report" proc_report
	check "$want: cli show --source=module works" cli_show
	check "$want: debugfs version (0444) reads" grep -q . $D/version
	check "$want: debugfs stats (0444) reads" grep -q . $D/stats
	check "$want: tracked pid's vmas (0444) read, complete" sh -c "tail -n 1 $D/$$/vmas | grep -q '^end status=complete'"
	fails_with "$want: debugfs track (0200) refused: EPERM" 'Operation not permitted' sh -c "echo 1 >$D/track"
	fails_with "$want: debugfs untrack (0200) refused: EPERM" 'Operation not permitted' sh -c "echo $$ >$D/untrack"
	check "$want: pid still tracked (untrack had no effect)" test -d $D/$$
	fails_with "$want: chmod of a debugfs file refused: EPERM" 'Operation not permitted' chmod 0644 $D/version
	# (writing "none" fails at any level, also at none: the level must hold)
	check "$want: lockdown cannot be lowered" lower_refused "$want"
	check "$want: rmmod still works" rmmod vmscope
	fails_with "$want: unsigned module refused: EPERM" 'Operation not permitted' insmod $V/vmscope.ko
	check "$want: cli: one line: this kernel loads only signed modules (lockdown: $want)" \
		cli_missing "lockdown: $want"
	dmesg | grep -i -E 'lockdown|vmscope' | tail -n 5 | sed 's/^/# dmesg: /'
	;;
*)
	notok "sig.sh: mode" "unknown mode '$mode'"
	;;
esac
exit 0
