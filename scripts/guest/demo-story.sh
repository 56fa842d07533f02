#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The demo as a story, run as /vmscope/run in the guest (busybox ash):
# a program malloc()s 1 GiB, writes half of it, forks, and its child
# writes a quarter; at each step vmscope shows the table, what changed
# since the last step, and the picture. It needs /vmscope/vmscope-touch
# (userspace/tests/touch.c, built next to the CLI).
V=/vmscope
CLI=$V/vmscope
S=/tmp/story
W=${VMSCOPE_DEMO_WIDTH:-120}
mkdir -p $S
insmod $V/vmscope.ko || exit 1
[ -x $V/vmscope-touch ] || { echo "demo-story: $V/vmscope-touch missing"; exit 1; }

say() { printf '\n\033[1m=== %s\033[0m\n' "$*"; }
note() { printf '%s\n' "$@"; }
run() { printf '\n$ %s\n' "$*"; "$@"; }
waitfor() { i=0; while ! grep -q "$2" "$1"; do i=$((i + 1)); [ $i -gt 600 ] && return 1; sleep 0.1; done; }
map() { run $CLI map --unicode --color=always -w "$W" "$@"; }

$V/vmscope-touch 1024 512 >$S/touch.out 2>&1 &
pid=$!
waitfor $S/touch.out '^ready' || exit 1

say "1. malloc(1 GiB): promised, not backed"
note "The program asked for 1 GiB and has not written to it. VSZ counts it;" \
     "RSS does not: the kernel has handed out address space, not memory."
run $CLI show "$pid"
run $CLI snap -x "$pid" -o $S/0.snap
map $S/0.snap
note "One VMA of 1 GiB, all dots: no page table entry at all (NONE)."

say "2. memset() of the first half"
kill -USR1 "$pid"
waitfor $S/touch.out '^touched 512' || exit 1
run $CLI snap -x "$pid" -o $S/1.snap
run $CLI diff $S/0.snap $S/1.snap
note "512 MiB became resident (RSS, ANON, DIRTY), mostly as 2 MiB" \
     "transparent huge pages (THP): 256 page faults instead of 131072."
map $S/1.snap

say "3. fork(), and the child writes the first quarter"
kill -USR2 "$pid"
waitfor $S/touch.out '^child' || exit 1
child=$(sed -n 's/^child //p' $S/touch.out)
run $CLI snap -x "$pid" -o $S/2.snap
run $CLI snap -x "$child" -o $S/2-child.snap
run $CLI diff $S/1.snap $S/2.snap
note "After fork() every page is mapped twice. What the child has not written" \
     "is SHARED, and the parent's PSS, its proportional share, drops by half" \
     "of it. The quarter the child wrote was copied for the child (copy-on-" \
     "write), so in the parent those pages are PRIVATE again. N0/N1 show on" \
     "which NUMA node each part now is."
run $CLI diff $S/2.snap $S/2-child.snap
note "Parent against child, VMA by VMA at the same addresses: the child's" \
     "copies of the quarter it wrote are small pages (THP down, LARGE up)" \
     "where the parent has huge ones; the child has not touched most of the" \
     "program's text, so its RSS there is lower."
map $S/2-child.snap

say "4. and the kernel's own accounting agrees"
run $CLI check --stop "$pid"
run $CLI check --stop "$child"
note "vmscope check compares every figure with /proc/PID/smaps," \
     "smaps_rollup, numa_maps and pagemap, with the target stopped."

kill "$pid" "$child" 2>/dev/null
exit 0
