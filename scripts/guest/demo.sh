#!/bin/sh
# The demo, run as /vmscope/run in the guest: a program malloc()s 1 GiB,
# and vmscope shows what it was promised against what it holds.
V=/vmscope
insmod $V/vmscope.ko || exit 1

$V/vmscope-wl malloc 1024 >/tmp/demo.out 2>&1 &
pid=$!
while ! grep -q '^ready' /tmp/demo.out; do sleep 0.1; done

echo
echo "=== $(head -n 1 /tmp/demo.out): VSZ grows by 1 GiB, nothing is resident ==="
echo
$V/vmscope show "$pid"
echo
echo "=== the same, from debugfs: echo $pid > track; cat $pid/summary ==="
echo "$pid" >/sys/kernel/debug/vmscope/track
cat "/sys/kernel/debug/vmscope/$pid/summary"
echo "$pid" >/sys/kernel/debug/vmscope/untrack
kill "$pid"
