#!/bin/sh
# The guest integration suite, run as /vmscope/run by scripts/guest/init.
# Every check prints one "VMSCOPE-TAP ok|not ok - NAME" line; the host
# (scripts/qemu-run --tap) collects them.
V=/vmscope
G=$V/vmscope-gtest
# The suite is packed with its companion scripts (scripts/build-guest).
WL=$V/vmscope-wl
CLI=$V/vmscope

tap() { echo "VMSCOPE-TAP $*"; }
ok() { tap "ok - $1"; }
notok() { tap "not ok - $1 # $2"; }
check() { # NAME CMD... : ok if CMD succeeds
	name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then ok "$name"; else notok "$name" "$(tail -c 300 /tmp/check.out | tr '\n' ' ')"; fi
}

# A comment line with the guest's free memory per node and its swap
# traffic so far: an accounting failure under memory pressure shows it.
memnote() {
	set -- "$1" "$(awk '/pswpout/ { print $2 }' /proc/vmstat)"
	for n in /sys/devices/system/node/node[0-9]*; do
		set -- "$@" "${n##*/} $(awk '/MemFree/ { printf "%d", $4 / 1024 }' $n/meminfo) MiB free"
	done
	echo "# memory before $1: pswpout $2$(shift 2; printf ', %s' "$@")"
}

# The first memory cgroup to come online switches static keys on
# (memcg_kmem_online_key): a live patch of kernel text on every vCPU.
# Under TCG, one such patch made while a workload ran the patched code
# ended in "Oops: int3" at the patched site, on both vCPUs (6.12, once;
# not reproduced, and nothing of vmscope's on either stack). It is made
# here, before any workload runs; the cgroup tests later find the keys
# on. The cgroup2 mount, if made here, is undone.
memcg_warm() {
	cg=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	mounted=
	if [ -z "$cg" ]; then
		mkdir -p /sys/fs/cgroup &&
			mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null || return 0
		cg=/sys/fs/cgroup
		mounted=1
	fi
	if echo +memory >"$cg/cgroup.subtree_control" 2>/dev/null &&
		mkdir "$cg/vmscope-warm" 2>/dev/null; then
		rmdir "$cg/vmscope-warm"
	fi
	[ -z "$mounted" ] || umount "$cg"
	return 0
}
memcg_warm

# Start a workload in the background; echo its pid once it is ready.
start_wl() {
	out=/tmp/wl.$1
	shift
	"$WL" "$@" >"$out" 2>&1 &
	pid=$!
	i=0
	while ! grep -q '^ready' "$out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 600 ] && break
		sleep 0.1
	done
	echo "$pid"
}

uname -r
if insmod $V/vmscope.ko; then ok "insmod vmscope.ko"; else notok "insmod vmscope.ko" "failed"; exit 1; fi
check "/proc/vmscope is mode 0600" sh -c '[ "$(stat -c %a /proc/vmscope)" = 600 ]'
check "debugfs directory exists" test -w /sys/kernel/debug/vmscope/track

# ---- identity against /proc/PID/maps, six kinds of target ----
$G maps busybox-shell $$
$G maps busybox-shell $$ debugfs

threads=$(start_wl threads threads 8)
$G maps threads "$threads"
$G maps threads "$threads" debugfs
check "threads: target has 9 threads" sh -c "[ \$(ls /proc/$threads/task | wc -l) = 9 ]"

mkdir -p /tmp/mixed
mixed=$(start_wl mixed mixed /tmp/mixed)
$G maps mixed "$mixed"
$G maps mixed "$mixed" debugfs

mkdir -p "/tmp/odd dir"
names=$(start_wl names names "/tmp/odd dir")
$G maps odd-names "$names"
$G maps odd-names "$names" debugfs

# The CLI itself, blocked opening a FIFO once fully loaded.
mkfifo /tmp/cli.fifo
$CLI show /tmp/cli.fifo >/tmp/cli.out 2>&1 &
cli=$!
i=0
while [ $i -lt 100 ] && ! grep -q smartcols /proc/$cli/maps 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
$G maps cli "$cli"
$G maps cli "$cli" debugfs

# Yield after every VMA, so that the churner changes the tree between
# any two records: resuming by address must still give a sound report.
# The vsyscall gate page lives outside the VMA tree (6.1 boots with
# vsyscall=emulate in make check, 6.12 with Debian's vsyscall=none).
if grep -q '\[vsyscall\]' /proc/$$/maps; then
	check "vsyscall gate page reported as kind=vsyscall" sh -c "$CLI snap $$ | grep -q 'kind=vsyscall'"
else
	tap "ok - vsyscall gate page reported as kind=vsyscall # SKIP maps lists no [vsyscall] (vsyscall=none)"
fi

churn=$(start_wl churn churn)
echo 1 >/sys/module/vmscope/parameters/yield_budget
$G churn churn "$churn" 200
echo 4096 >/sys/module/vmscope/parameters/yield_budget

# The walker while the target's tables and pages are replaced under it.
echo 16 >/sys/module/vmscope/parameters/yield_budget
$V/vmscope-stress 15
echo 4096 >/sys/module/vmscope/parameters/yield_budget

# Hostile targets and readers (vmscope-harden): a private /dev/zero
# mapping, a descriptor handed to an unprivileged process, a memfd whose
# struct file is reused during the walker's yields, and a reader racing a
# set-user-ID exec.
$V/vmscope-harden devzero
$V/vmscope-harden pfnpriv
echo 1 >/sys/module/vmscope/parameters/yield_budget
$V/vmscope-harden filereuse 15
echo 4096 >/sys/module/vmscope/parameters/yield_budget
$V/vmscope-harden exec 15
# PTE tables retracted and freed through RCU (shmem collapse) while they
# are read; test kernels widen the window between choosing a table and
# locking it (test_table_delay_ms exists only where KUnit is on).
d=/sys/module/vmscope/parameters/test_table_delay_ms
echo 1 >/sys/module/vmscope/parameters/yield_budget
[ -w $d ] && echo 20 >$d
$V/vmscope-harden collapse 20
echo 4096 >/sys/module/vmscope/parameters/yield_budget
# THPs zapped and faulted again between the walk's read of a PMD leaf and
# its lock (the same window, widened on test kernels).
[ -w $d ] && echo 20 >$d
$V/vmscope-harden thpzap 15
[ -w $d ] && echo 0 >$d
# Reports too big to hold: streamed with bounded kernel memory.
$V/vmscope-harden bigreport 8
$V/vmscope-harden manyvmas 60000
# A device BAR mapped by vfio-pci with huge PFN-map pmds (the debug kernel
# boots with an ivshmem device and vfio's no-IOMMU mode; elsewhere it
# skips), and requests whose allocations fail (FAULT_INJECTION: the debug
# kernel only).
$V/vmscope-harden pfnmap
$V/vmscope-harden failinject 20 alone

# ---- errors, permissions, concurrency, debugfs rules ----
$G errors
$G perm
$G top $CLI
$G concurrent "$threads" "$mixed"
$G debugfs "$mixed"

# ---- the CLI against the module ----
check "cli: snap PID -o FILE" $CLI snap "$mixed" -o /tmp/mixed.snap
check "cli: snapshot ends complete" grep -q '^end status=complete' /tmp/mixed.snap
check "cli: show FILE" $CLI show /tmp/mixed.snap
check "cli: show PID" $CLI show "$mixed"
check "cli: show --json" sh -c "$CLI show --json $mixed | grep -q '\"vmas\"'"
# Let the blocked CLI finish: it reads the snapshot from its FIFO.
cat /tmp/mixed.snap >/tmp/cli.fifo
if wait "$cli"; then ok "cli: show FIFO"; else notok "cli: show FIFO" "$(head -c 200 /tmp/cli.out)"; fi
$CLI show 4194000 >/tmp/cli.err 2>&1
rc=$?
check "cli: no such process: exit 2, one line" sh -c "[ $rc = 2 ] && grep -q 'no such process' /tmp/cli.err && [ \$(wc -l </tmp/cli.err) = 1 ]"

# ---- the CLI's commands against the module: show, diff, map, watch, check,
# --source=proc ----
sh $V/cli.sh

# ---- accounting against the kernel's own (smaps, numa_maps, pagemap) ----
# Each workload runs under vmscope-acct, which stops its processes and
# compares the module's figures with the kernel's, VMA by VMA.
ACCT=$V/vmscope-acct
THP=/sys/kernel/mm/transparent_hugepage
KSM=/sys/kernel/mm/ksm
# 64 KiB mTHP (6.8+): the mthp workload skips itself where this is missing.
mthp_old=""
if [ -w $THP/hugepages-64kB/enabled ]; then
	mthp_old=$(sed 's/.*\[\(.*\)\].*/\1/' $THP/hugepages-64kB/enabled)
	echo always >$THP/hugepages-64kB/enabled
fi
# Shmem THP under MADV_HUGEPAGE: thpshare shares one with a child too.
shmem_old=""
if [ -w $THP/shmem_enabled ]; then
	shmem_old=$(sed 's/.*\[\(.*\)\].*/\1/' $THP/shmem_enabled)
	echo advise >$THP/shmem_enabled
fi
# KSM: scan fast, so that the ksm workload's wait for merging is short.
ksm_scan=$(cat $KSM/pages_to_scan)
ksm_sleep=$(cat $KSM/sleep_millisecs)
echo 10000 >$KSM/pages_to_scan
echo 0 >$KSM/sleep_millisecs
# NUMA balancing off: it makes PMDs PROT_NONE for hinting faults, and 6.1's
# smaps skips such THPs (follow_trans_huge_pmd() without FOLL_FORCE), while
# vmscope counts them as format.rst says; it also moves the numa workload's
# pages while it runs.
numa_bal=$(cat /proc/sys/kernel/numa_balancing 2>/dev/null)
[ -n "$numa_bal" ] && echo 0 >/proc/sys/kernel/numa_balancing
# A file system that is not tmpfs: the guest has no block device, so ramfs
# (page cache that is not swap-backed) stands in for a disk file system.
mkdir -p /mnt/ramfs
mount -t ramfs ramfs /mnt/ramfs || notok "mount ramfs" "failed"
for w in lazy half zero cow memfd populate mlock thp mthp hugetlb swap \
	reserve numa stack lazyfree pkey swapfork hugefork policy checker \
	thpshare; do
	memnote "$w"
	$ACCT $w
done
memnote file
$ACCT file /tmp /mnt/ramfs
memnote ksm
$ACCT ksm
memnote all
$ACCT all /tmp /mnt/ramfs
# Reclaim while a workload sets up undoes what it set up (MADV_FREE pages
# freed, pages swapped out, young bits cleared): its expectations are then
# a skip that names the reclaim, not a failure, and every comparison of
# the module with the kernel's files is still made. min_free_kbytes at
# 97 % of free memory puts both nodes below their low watermark: kswapd
# reclaims while lazyfree's 18 MiB of MADV_FREE pages wait to be checked.
memnote reclaim
min_old=$(cat /proc/sys/vm/min_free_kbytes)
echo $(($(awk '/MemFree/ { print $2 }' /proc/meminfo) * 97 / 100)) \
	>/proc/sys/vm/min_free_kbytes
$ACCT lazyfree >/tmp/reclaim.out 2>&1
echo "$min_old" >/proc/sys/vm/min_free_kbytes
grep 'set up what it meant\|reclaim scanned\|not ok' /tmp/reclaim.out | cut -c1-300 |
	sed 's/VMSCOPE-TAP //; s/^/# reclaim: /'
# kswapd wakes only when an allocation finds every node below its low
# watermark, which 97 % of free memory reaches in most runs, not all: a
# round without reclaim cannot exercise the skip and is a skip itself
# (a failure or a missing check in it still fails).
name="acct: an expectation undone by the kernel's reclaim is a skip that names it; the comparisons pass"
if ! grep -q "not ok" /tmp/reclaim.out &&
	! grep -q "lazyfree pid [0-9]*: the kernel.s reclaim scanned" /tmp/reclaim.out &&
	grep -q "ok - lazyfree pid [0-9]*: smaps fields" /tmp/reclaim.out &&
	grep -q "ok - lazyfree pid [0-9]*: the workload set up what it meant to" /tmp/reclaim.out; then
	tap "ok - $name # SKIP the guest did not reclaim during the round"
else
	check "$name" \
		sh -c '! grep -q "not ok" /tmp/reclaim.out &&
		       grep -q "lazyfree pid [0-9]*: the kernel.s reclaim scanned" /tmp/reclaim.out &&
		       grep -q "ok - lazyfree pid [0-9]*: smaps fields" /tmp/reclaim.out &&
		       grep -q "ok - lazyfree pid [0-9]*: the workload set up what it meant to" /tmp/reclaim.out'
fi
memnote unload
echo "$ksm_scan" >$KSM/pages_to_scan
echo "$ksm_sleep" >$KSM/sleep_millisecs
[ -n "$mthp_old" ] && echo "$mthp_old" >$THP/hugepages-64kB/enabled
[ -n "$shmem_old" ] && echo "$shmem_old" >$THP/shmem_enabled
[ -n "$numa_bal" ] && echo "$numa_bal" >/proc/sys/kernel/numa_balancing
umount /mnt/ramfs

# ---- unload with files open ----
mkfifo /tmp/hold.in
$G hold proc "$mixed" </tmp/hold.in >/tmp/hold.out 2>&1 &
holder=$!
exec 3>/tmp/hold.in
i=0
while ! grep -q '^held' /tmp/hold.out && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if rmmod vmscope; then ok "rmmod with /proc/vmscope open"; else notok "rmmod with /proc/vmscope open" "rmmod failed"; fi
echo go >&3
exec 3>&-
wait $holder
check "read after unload fails cleanly" grep -q '^after -1 ' /tmp/hold.out
$CLI show --source=module $$ >/tmp/cli.err 2>&1
rc=$?
check "cli: module not loaded: exit 2" sh -c "[ $rc = 2 ] && grep -q 'module not loaded' /tmp/cli.err"

insmod $V/vmscope.ko
echo "$mixed" >/sys/kernel/debug/vmscope/track
$G hold debugfs "$mixed" </tmp/hold.in >/tmp/hold.out 2>&1 &
holder=$!
exec 3>/tmp/hold.in
i=0
while ! grep -q '^held' /tmp/hold.out && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if rmmod vmscope 2>/dev/null; then notok "rmmod refused while a debugfs file is open" "it unloaded"; else ok "rmmod refused while a debugfs file is open"; fi
echo go >&3
exec 3>&-
wait $holder
check "debugfs file still reads while held" grep -q '^after [0-9]' /tmp/hold.out
check "rmmod after the debugfs file is closed" rmmod vmscope
check "module is gone" sh -c '! grep -q "^vmscope " /proc/modules'

kill "$threads" "$mixed" "$names" "$churn" 2>/dev/null
exit 0
