#!/bin/sh
# Run as /vmscope/run by scripts/bench: load the module, run the benchmark,
# or with VMSCOPE_PROFILE=TARGET profile one target's readers. With
# VMSCOPE_BENCH_PAD the build whose text is moved (vmscope-pad.ko) is
# measured too, or profiled instead. With VMSCOPE_COMPARE=ROUNDS it
# compares two builds instead (scripts/bench --compare).
if [ -n "$VMSCOPE_COMPARE" ]; then
	# Two builds at two layouts each (scripts/bench --compare), loaded in
	# turn, round after round: "COMPARE build layout target reader reads
	# ms-per-read".
	r=0
	while [ $r -lt "$VMSCOPE_COMPARE" ]; do
		for ko in base base-pad head head-pad; do
			insmod /vmscope/$ko.ko || exit 1
			for t in $(echo "$VMSCOPE_COMPARE_TARGETS" | tr , ' '); do
				for rd in $(echo "$VMSCOPE_COMPARE_READERS" | tr , ' '); do
					out=$(/vmscope/vmscope-bench --loop "$t" "$rd" \
						"$VMSCOPE_COMPARE_SECS") || exit 1
					echo "$out" | sed -n "s/^LOOP .*: \([0-9]*\) reads, \([0-9.]*\) ms each/COMPARE ${ko%-pad} $(
						[ "$ko" = "${ko%-pad}" ] && echo 0 ||
						echo "$VMSCOPE_BENCH_PAD") $t $rd \1 \2/p"
				done
			done
			rmmod vmscope || exit 1
		done
		r=$((r + 1))
	done
	exit 0
fi
if [ -n "$VMSCOPE_PROFILE" ] && [ -n "$VMSCOPE_BENCH_PAD" ]; then
	insmod /vmscope/vmscope-pad.ko || exit 1
else
	insmod /vmscope/vmscope.ko || exit 1
fi
if [ -z "$VMSCOPE_PROFILE" ]; then
	/vmscope/vmscope-bench "${VMSCOPE_BENCH_REPEAT:-5}" || exit 1
	if [ -n "$VMSCOPE_BENCH_PAD" ]; then
		# The table again with the text moved (module/pad.c); the
		# stall is measured with the module as built.
		rmmod vmscope && insmod /vmscope/vmscope-pad.ko || exit 1
		echo "BENCH layout: the module's text moved by $VMSCOPE_BENCH_PAD bytes"
		VMSCOPE_BENCH_TARGETS=${VMSCOPE_BENCH_TARGETS:-$(seq -s, 0 63)} \
			/vmscope/vmscope-bench "${VMSCOPE_BENCH_REPEAT:-5}" || exit 1
		rmmod vmscope && insmod /vmscope/vmscope.ko || exit 1
	fi
	[ "${VMSCOPE_BENCH_STALL:-10}" = 0 ] && exit 0
	exec /vmscope/vmscope-bench --stall "${VMSCOPE_BENCH_STALL:-10}"
fi
echo 0 >/proc/sys/kernel/kptr_restrict
echo -1 >/proc/sys/kernel/perf_event_paranoid
readers=$(echo "${VMSCOPE_PROFILE_READERS:-all,smaps,summary,rollup}" | tr , ' ')
graph=
children=
if [ -n "$VMSCOPE_PROFILE_CHILDREN" ]; then
	graph=-g
	children="--children -g none"
fi
[ -z "$VMSCOPE_PROFILE_CALLERS" ] || graph=-g
for reader in $readers; do
	/vmscope/vmscope-bench --loop "$VMSCOPE_PROFILE" $reader 14 >/tmp/loop.out &
	pid=$!
	# A reader that fails exits before "ready": do not wait for it.
	until grep -q ready /tmp/loop.out; do
		kill -0 $pid 2>/dev/null || break
		sleep 0.2
	done
	perf record $graph -q -e cpu-clock -F 1000 -a -o /tmp/$reader.data -- sleep 10 \
		>/dev/null 2>&1
	wait $pid
	grep LOOP /tmp/loop.out
	perf report -i /tmp/$reader.data --stdio $children --sort sym \
		--percent-limit "${VMSCOPE_PROFILE_LIMIT:-0.7}" 2>/dev/null |
		grep -v '^#' | grep -v '^$' | head -300 |
		sed "s/^/PROFILE $reader /"
	# The call chains that lead to each of these symbols.
	for sym in $(echo "$VMSCOPE_PROFILE_CALLERS" | tr , ' '); do
		perf report -i /tmp/$reader.data --stdio --no-children \
			-S "$sym" -g graph,0.5,callee 2>/dev/null |
			grep -v '^#' | grep -v '^$' | head -80 |
			sed "s/^/CALLERS $reader /"
	done
	# Samples by function offset, for objdump of the same build on the host.
	[ -z "$VMSCOPE_PROFILE_ADDRS" ] ||
		perf script -G -i /tmp/$reader.data -F ip,sym,symoff 2>/dev/null |
		awk '$2 !~ /halt|idle/ { n[$2]++ } END { for (s in n) print n[s], s }' |
		sort -rn | head -"$VMSCOPE_PROFILE_ADDRS" | sed "s/^/ADDR $reader /"
done
