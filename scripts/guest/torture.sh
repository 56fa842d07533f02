#!/bin/sh
# Usage: /vmscope/torture.sh SECONDS
#
# Everything that has gone after the module at once, for SECONDS, on the
# debug kernel (scripts/debug-kernel torture): vmscope-stress's mutators
# and readers; shmem PTE tables retracted and RCU-freed while read (with
# the window before the table lock widened by test_table_delay_ms); a
# memfd whose struct file is reused during the walker's yields; a reader racing a set-user-ID exec; a device BAR mapped with
# huge PFN-map pmds, read again and again; readers whose allocations fail;
# reports too big to hold. yield_budget=1, so that the walker drops
# mmap_lock after every step and every race window is as wide as it gets.
# Each program prints its own VMSCOPE-TAP lines; the harness fails the run
# on any kernel report, and the run script scans kmemleak afterwards.
V=/vmscope
H=$V/vmscope-harden
# Memory figures mean nothing with every load at once (vmscope-harden).
export VMSCOPE_TORTURE=1
secs=${1:-60}

tap() { echo "VMSCOPE-TAP $*"; }
insmod $V/vmscope.ko || { tap "not ok - insmod vmscope.ko"; exit 1; }
echo 1 >/sys/module/vmscope/parameters/yield_budget
echo 0 >/proc/sys/kernel/numa_balancing 2>/dev/null
start=$(date +%s)

$V/vmscope-stress "$secs" &
p1=$!
$H filereuse "$secs" &
p2=$!
$H exec "$secs" &
p3=$!
d=/sys/module/vmscope/parameters/test_table_delay_ms
[ -w $d ] && echo 2 >$d
$H collapse "$secs" &
p7=$!
# Rounds of CMD (a shell command line) in the background until the time
# is up; a round that fails or prints "not ok" ends them, shown.
rounds() { # NAME WHAT CMD
	(
		n=0
		while [ $(($(date +%s) - start)) -lt "$secs" ]; do
			if ! sh -c "$3" >"/tmp/torture.$1" 2>&1 ||
				grep -q 'not ok' "/tmp/torture.$1"; then
				cat "/tmp/torture.$1"
				tap "not ok - torture: round $((n + 1)) of $2"
				exit 1
			fi
			n=$((n + 1))
		done
		tap "ok - torture: $n rounds of $2"
	) &
}
rounds pfnmap "a vfio-pci BAR mapped and read" "$H pfnmap"
p4=$!
rounds fi "requests with failing allocations" "$H failinject 3"
p5=$!
rounds big "reports too big to hold" "$H bigreport 2 && $H manyvmas 20000"
p6=$!

rc=0
for p in $p1 $p2 $p3 $p4 $p5 $p6 $p7; do
	wait $p || rc=1
done
echo 4096 >/sys/module/vmscope/parameters/yield_budget
cat /sys/kernel/debug/vmscope/stats
tap "ok - torture: $secs s, all loads together, ran $(($(date +%s) - start)) s"
rmmod vmscope || { tap "not ok - torture: rmmod"; rc=1; }
exit $rc
