#!/bin/sh
# A short guest run, as /vmscope/run (scripts/check-kernels --smoke): load
# the module, read reports through /proc/vmscope and debugfs and check them
# against /proc/PID/maps, the accounting of two workloads (one swapped out)
# against smaps, numa_maps and pagemap, the walker under concurrent change
# for a few seconds, the CLI, unload. Minutes where the full suite
# (tests.sh) takes many, for kernels checked often; scripts/qemu-run's
# "no kernel warnings" catches what the kernel logs meanwhile (on
# PREEMPT_RT: sleeping in atomic context, RCU and lockdep complaints).
V=/vmscope
G=$V/vmscope-gtest
CLI=$V/vmscope

tap() { echo "VMSCOPE-TAP $*"; }
ok() { tap "ok - $1"; }
notok() { tap "not ok - $1 # $2"; }
check() { # NAME CMD... : ok if CMD succeeds
	name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then ok "$name"; else notok "$name" "$(tail -c 300 /tmp/check.out | tr '\n' ' ')"; fi
}

uname -r
grep -q PREEMPT_RT /proc/version && echo "# PREEMPT_RT kernel"
[ -d /sys/kernel/mm/transparent_hugepage ] ||
	echo "# no transparent huge pages on this kernel: THP checks skip"
if insmod $V/vmscope.ko; then ok "insmod vmscope.ko"; else notok "insmod vmscope.ko" "failed"; exit 1; fi
$G maps busybox-shell $$
$G maps busybox-shell $$ debugfs
for w in half swap; do
	$V/vmscope-acct $w
done
echo 16 >/sys/module/vmscope/parameters/yield_budget
$V/vmscope-stress 8
echo 4096 >/sys/module/vmscope/parameters/yield_budget
check "cli: show PID" sh -c "$CLI show --source=module $$ | grep -q '^pid $$ '"
check "rmmod" rmmod vmscope
check "module is gone" sh -c '! grep -q "^vmscope " /proc/modules'
exit 0
