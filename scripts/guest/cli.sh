#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Guest tests of the vmscope CLI against the real module (busybox ash).
# Called from tests.sh with the module loaded; prints one
#   VMSCOPE-TAP ok - cli: NAME    or    VMSCOPE-TAP not ok - cli: NAME # reason
# line per test. Expects /vmscope/vmscope (the CLI), /vmscope/vmscope-wl
# (workloads) and, when packed, /vmscope/vmscope-touch (userspace/tests/
# touch.c: memory written on SIGUSR1, a fork on SIGUSR2); without it the
# diff tests use a busybox shell that grows a variable instead.
V=/vmscope
CLI=${VMSCOPE_CLI:-$V/vmscope}
WL=${VMSCOPE_WL:-$V/vmscope-wl}
TOUCH=${VMSCOPE_TOUCH:-$V/vmscope-touch}
T=/tmp/vmscope-cli
mkdir -p "$T"

tap() { echo "VMSCOPE-TAP $*"; }
ok() { tap "ok - cli: $1"; }
notok() { tap "not ok - cli: $1 # $(echo "$2" | tr '\n' ' ' | cut -c1-300)"; }
skip() { tap "ok - cli: $1 # SKIP $2"; }
# t NAME CMD...: ok if CMD succeeds; its output is the reason otherwise
t() {
	name=$1
	shift
	if "$@" >"$T/t.out" 2>&1; then ok "$name"; else notok "$name" "$(tail -c 400 "$T/t.out")"; fi
}
has() { grep -q -- "$1" "${2:-$T/out}" || { echo "missing '$1' in:"; head -c 600 "${2:-$T/out}"; return 1; }; }
# run STATUS ARGS...: the CLI's stdout in $T/out, stderr in $T/err
run() {
	want=$1
	shift
	"$CLI" "$@" >"$T/out" 2>"$T/err"
	st=$?
	[ "$st" -eq "$want" ] || { echo "vmscope $*: exit $st, expected $want: $(head -c 300 "$T/err")"; return 1; }
}
oneline() { [ "$(wc -l <"$T/err")" -eq 1 ] || { echo "stderr is not one line:"; cat "$T/err"; return 1; }; }
waitfor() { # FILE PATTERN: wait up to 30 s for a line
	i=0
	while ! grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 300 ] && return 1
		sleep 0.1
	done
}
start_wl() { # NAME ARGS...: start a workload, echo its pid once ready
	out=$T/wl.$1
	shift
	"$WL" "$@" >"$out" 2>&1 &
	p=$!
	waitfor "$out" '^ready\|^skip' || true
	echo "$p"
}

if [ ! -e /proc/vmscope ]; then
	notok "module loaded" "/proc/vmscope missing"
	exit 0
fi

# On 6.1, smaps leaves out PMD-mapped THPs that automatic NUMA balancing
# has made PROT_NONE for hinting faults (follow_trans_huge_pmd() returns
# nothing for them): check would report those as disagreements. Balancing
# is off while these tests run there, and restored at the end.
numa_balancing=""
case $(uname -r) in
6.1.*)
	if [ -w /proc/sys/kernel/numa_balancing ]; then
		numa_balancing=$(cat /proc/sys/kernel/numa_balancing)
		echo 0 >/proc/sys/kernel/numa_balancing
	fi
	;;
esac

# ---- the process whose memory changes: vmscope-touch, or a shell ----
if [ -x "$TOUCH" ]; then
	"$TOUCH" 256 64 >"$T/touch.out" 2>&1 &
	tp=$!
	waitfor "$T/touch.out" '^ready' || notok "touch helper starts" "no ready line"
	grow() { kill -USR1 "$tp" && waitfor "$T/touch.out" "^touched $1\$"; }
	step=67108864
else
	mkfifo "$T/go"
	# shellcheck disable=SC2016 # expanded by the child shell
	sh -c 'read -r x <"$1"; a=$(head -c 16777216 /dev/zero | tr "\0" x); echo touched; read -r x <"$1"; echo $a >/dev/null' \
		sh "$T/go" >"$T/touch.out" 2>&1 &
	tp=$!
	sleep 0.5
	grow() { echo go >"$T/go" && waitfor "$T/touch.out" '^touched'; }
	step=""
fi

t_show() {
	run 0 show "$tp" && has "^pid $tp (" && has 'VSZ .* RSS .* N[0-9] ' && has '^START  *END  *PERM KIND' &&
	has ' total$' && run 0 show -b "$tp" && has ' total$' &&
	run 0 show --json "$tp" && has '^{' && has '"vmas": \[' && has '"rss": [0-9]' &&
	run 0 show -r -n -o start,rss,name --sort=-rss "$tp" && [ "$(wc -l <"$T/out")" -gt 3 ]
}
t "show PID: header, table, -b, --json, -o, --sort" t_show

t_snap() {
	run 0 snap -x "$tp" -o "$T/a.snap" && has '^ext start=' "$T/a.snap" &&
	has '^end status=complete' "$T/a.snap" && run 0 show "$T/a.snap" && has "^pid $tp ("
}
t "snap -x PID -o FILE, show FILE" t_snap

t_diff_memset() {
	run 0 snap "$tp" -o "$T/before.snap" && grow 64 &&
	run 0 snap "$tp" -o "$T/after.snap" &&
	run 0 diff "$T/before.snap" "$T/after.snap" && has 'VMAs changed' && has ' total$' &&
	run 0 diff -b -r -n -o status,rss "$T/before.snap" "$T/after.snap" || return 1
	if [ -n "$step" ]; then
		# at least what was written; THP may fault in up to one more 2 MiB page
		awk -v s="$step" '$1 == "changed" && $2 + 0 >= s && $2 + 0 <= s + 4194304 { f = 1 }
			END { exit !f }' "$T/out" || { echo "rss growth is not $step:"; cat "$T/out"; return 1; }
	else
		grep -q '+[0-9]' "$T/out" || { echo "no growth:"; cat "$T/out"; return 1; }
	fi
	run 0 diff --json "$T/before.snap" "$T/after.snap" && has '"diff": \[' &&
	has '"status": "total"'
}
t "diff across a memset: the VMA grows by the bytes written" t_diff_memset

t_diff_live() { run 0 diff "$tp" "$tp" && has "^pid $tp (" && run 0 diff --all -r "$T/after.snap" "$tp"; }
t "diff PID PID and FILE PID" t_diff_live

# A split and a move into a PROT_NONE reservation (userspace/tests/
# reshape.c, packed as /vmscope/vmscope-reshape): the pieces and the move,
# with their figures, from the module's snapshots.
RESHAPER=${VMSCOPE_RESHAPE:-$V/vmscope-reshape}
hexadd() { printf '0x%x' $(($1 + $2)); }
t_reshape() {
	"$RESHAPER" >"$T/reshape.out" 2>&1 &
	rp=$!
	waitfor "$T/reshape.out" '^ready' || { echo "no ready line"; return 1; }
	# shellcheck disable=SC2046 # the words of the ready line
	set -- $(cat "$T/reshape.out")
	x=$3 m=$4 r=$5 M=1048576
	run 0 snap "$rp" -o "$T/r0.snap" && kill -USR1 "$rp" && waitfor "$T/reshape.out" '^split' &&
	run 0 snap "$rp" -o "$T/r1.snap" && kill -USR1 "$rp" && waitfor "$T/reshape.out" '^moved' &&
	run 0 snap "$rp" -o "$T/r2.snap" &&
	run 0 diff -r -b -o status,start,end,perm,vsz,rss "$T/r0.snap" "$T/r1.snap" &&
	has "^split $x $(hexadd "$x" $((40 * M))) rw-p 0 0\$" &&
	has "^now $x $(hexadd "$x" $((18 * M))) rw-p $((18 * M)) $((18 * M))\$" &&
	has "^now $(hexadd "$x" $((18 * M))) $(hexadd "$x" $((22 * M))) r--p $((4 * M)) $((4 * M))\$" &&
	has "^now $(hexadd "$x" $((22 * M))) $(hexadd "$x" $((40 * M))) rw-p $((18 * M)) $((8 * M))\$" &&
	run 0 diff -r -b -o status,start,end,was,perm,vsz,rss "$T/r1.snap" "$T/r2.snap" &&
	has "^moved $r $(hexadd "$r" $((8 * M))) $m-$(hexadd "$m" $((4 * M))) rw-p +$((4 * M)) 0\$" &&
	has "^shrunk $(hexadd "$r" $((8 * M))) $(hexadd "$r" $((64 * M))) $r-$(hexadd "$r" $((64 * M))) ---p -$((8 * M)) 0\$" &&
	! grep -q '^gone \|^split ' "$T/out"
}
if [ -x "$RESHAPER" ]; then
	t "diff: an mprotect split with its pieces, an mremap into a reservation moved" t_reshape
	[ -n "${rp:-}" ] && kill "$rp"
else
	skip "diff: an mprotect split with its pieces, an mremap into a reservation moved" \
		"$RESHAPER missing"
fi

t_map() {
	run 0 map -w 100 --unicode "$tp" && has '^legend: ' && has '^START .* MAP ' &&
	run 0 map --ascii "$T/a.snap" && has '|' &&
	run 0 map --svg "$T/map.svg" "$tp" && has '^<svg ' "$T/map.svg" && has '</svg>' "$T/map.svg" &&
	run 2 map "$T/before.snap" && has 'no extents in' "$T/err" && oneline
}
t "map PID, map FILE, --svg, no extents" t_map

t_watch() {
	( sleep 0.5; grow 128 ) &
	run 0 watch -i 0.4 -n 3 "$tp" && [ "$(grep -c 'VMAs changed' "$T/out")" -eq 3 ] || return 1
	"$CLI" watch -i 0.3 "$tp" >"$T/out" 2>"$T/err" &
	w=$!
	sleep 1
	kill -INT "$w"
	wait "$w"
	st=$?
	[ "$st" -eq 0 ] || { echo "watch after SIGINT: exit $st"; return 1; }
}
t "watch -n 3, and SIGINT exits 0" t_watch

# watch through the module while memory grows: each frame's header totals
# equal its totals row (one walk per side), -J frames carry rss and
# rss_change, and --min-change 1M leaves out the small changes.
# Every frame with a table: its header's RSS and change are the totals
# row's (a frame before the target grows may have no changed row).
# The growth may fall after the -b frames (slow guests); -J waits for it.
t_watch_frames() {
	( sleep 0.5; grow 192 ) &
	run 0 watch -b -i 0.4 -n 3 --min-change 1M "$tp" || return 1
	awk '/^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]  pid .* VMAs changed/ {
		for (i = 1; i < NF; i++) if ($i == "RSS") { now = $(i + 1); chg = $(i + 2) } }
	     / total$/ && now != "" { ok = 0
		for (j = 1; j < NF; j++) if ($j == now && $(j + 1) + 0 == chg + 0) ok = 1
		if (!ok) bad = 1; n++ }
	     END { exit bad || n < 1 }' "$T/out" || { echo "header and totals row differ:"; cat "$T/out"; return 1; }
	has ' below 1048576)' || return 1
	# -J: the second frame is taken after the target has grown (a
	# frame with no changed VMA has no rss_change).
	[ -z "$step" ] || waitfor "$T/touch.out" "^touched 192\$" || { echo "the target did not grow"; return 1; }
	"$CLI" watch -J -i 5 -n 2 "$tp" >"$T/out" 2>"$T/err" &
	w=$!
	waitfor "$T/out" '"pid": ' && grow 256 || { echo "no first frame or no growth"; return 1; }
	wait "$w" || { echo "watch -J: exit $?: $(head -c 300 "$T/err")"; return 1; }
	has '"rss_change": ' && has '"change": {' &&
	run 0 watch -r -i 0.2 -n 2 "$tp" && has '^TIME STATUS START '
}
t "watch: header agrees with the totals row, -J, -r, --min-change" t_watch_frames

if [ -n "$step" ]; then
	t_fork() {
		run 0 snap "$tp" -o "$T/prefork.snap" && kill -USR2 "$tp" &&
		waitfor "$T/touch.out" '^child' &&
		run 0 diff -b -r -n -o status,shared "$T/prefork.snap" "$tp" && grep -q '+[0-9]' "$T/out"
	}
	t "diff across a fork: the parent's memory becomes shared" t_fork
	child=$(sed -n 's/^child //p' "$T/touch.out")
fi

# ---- --source=proc agrees with the module on what both give ----
t_proc_agrees() {
	kill -STOP "$tp"
	sleep 0.2
	run 0 snap "$tp" -o "$T/mod.snap" && run 0 snap --source=proc "$tp" -o "$T/proc.snap"
	st=$?
	kill -CONT "$tp"
	[ $st -eq 0 ] && has ' source=proc' "$T/proc.snap" &&
	run 0 show "$T/proc.snap" && has '  source proc  ' &&
	# pss and locked are kB in smaps: not exact; nK: the vdso (see check)
	run 0 diff -r -n -o status,start,vsz,rss,anon,swap,zero,none,shared,private,dirty,young,thp,hugetlb \
		"$T/mod.snap" "$T/proc.snap" && [ ! -s "$T/out" ] || { echo "differ:"; cat "$T/out"; return 1; }
}
t "--source=proc: the same numbers as the module (stopped target)" t_proc_agrees

# ---- --source=proc extents against the module's ----
# ext_sums FILE: "START KEY BYTES" lines for the anonymous VMAs of 1 MiB or
# more: bytes of their extents by state, PMD-mapped, and present by node.
ext_sums() {
	awk '
	function hex(s,  v, i) {
		v = 0
		s = tolower(substr(s, 3))
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	function kv(k,  i) {
		for (i = 2; i <= NF; i++)
			if (index($i, k "=") == 1)
				return substr($i, length(k) + 2)
		return ""
	}
	$1 == "vma" { v = kv("kind") == "anon" && kv("vsz") + 0 >= 1048576 ? kv("start") : "" }
	$1 == "ext" && v != "" {
		b = hex(kv("end")) - hex(kv("start"))
		st = kv("state")
		sum[v " " st] += b
		if (st == "present" && kv("map") == "pmd")
			sum[v " pmd"] += b
		if (st == "present" && kv("node") != "")
			sum[v " n" kv("node")] += b
	}
	END { for (k in sum) printf "%s %.0f\n", k, sum[k] }' "$1" | sort
}
# The zero page, THPs, nodes, shared pages: the /proc source's extents
# say what the module's say (stopped target, the big anonymous VMAs).
proc_extents() { # NAME PID
	kill -STOP "$2"
	sleep 0.2
	"$CLI" snap -x "$2" -o "$T/mx.snap" 2>"$T/err" &&
		"$CLI" snap -x --source=proc "$2" -o "$T/px.snap" 2>>"$T/err"
	st=$?
	kill -CONT "$2"
	if [ $st -ne 0 ]; then
		notok "--source=proc extents: $1" "$(cat "$T/err")"
		return
	fi
	ext_sums "$T/mx.snap" >"$T/mx.sums"
	ext_sums "$T/px.snap" >"$T/px.sums"
	if cmp -s "$T/mx.sums" "$T/px.sums"; then
		ok "--source=proc extents: $1"
	else
		notok "--source=proc extents: $1" "$(diff "$T/mx.sums" "$T/px.sums" | head -n 8)"
	fi
}

# ---- check, on several workloads ----
check_one() { # NAME PID
	"$CLI" check --stop "$2" >"$T/check.$1" 2>&1
	st=$?
	state=$(awk '{ print $3 }' "/proc/$2/stat" 2>/dev/null)
	if [ $st -eq 0 ] && [ "$state" != T ]; then
		ok "check --stop: $1"
	elif [ $st -eq 0 ]; then
		notok "check --stop: $1" "target left stopped"
	else
		notok "check --stop: $1" "exit $st: $(head -n 4 "$T/check.$1")"
	fi
}
check_one "busybox shell" $$
check_one "vmscope-touch" "$tp"
[ -n "${child:-}" ] && check_one "vmscope-touch child after fork" "$child"
pids="$tp ${child:-}"
mkdir -p "$T/mixed" "$T/odd dir"
for w in "malloc 64" "mixed $T/mixed" "threads 4"; do
	# shellcheck disable=SC2086 # words
	set -- $w
	p=$(start_wl "$1" "$@")
	pids="$pids $p"
	check_one "vmscope-wl $1" "$p"
	[ "$1" = mixed ] && export_pids=$p
done
p=$(start_wl names names "$T/odd dir")
pids="$pids $p"
check_one "vmscope-wl names" "$p"
# map: rss without hugetlb pages, which have their own column (as in show)
t_map_hugetlb() { # PID of vmscope-wl hugetlb
	run 0 map -b -w 200 "$1" && has '^START .* RSS  *HUGETLB  *CELL ' &&
	awk '$3 == "hugetlb" { n++; if ($5 != 0 || $6 == 0) bad = 1 } END { exit !n || bad }' "$T/out" ||
	{ echo "map:"; cat "$T/out"; return 1; }
}
# top's node columns (stopped target): N0, N1, ... in bytes are the sums
# of show's per-VMA nK, and what numa_maps counts on each node (its pages
# in the mapping's page size, huge pages for hugetlb), but for the vdso,
# which the module counts and numa_maps does not.
t_top_nodes() { # PID
	kill -STOP "$1"
	sleep 0.2
	run 0 top -p "$1" -b -r -q -o pid,n && cp "$T/out" "$T/topn" &&
	cols=$(head -n 1 "$T/topn" | cut -d' ' -f2- | tr 'A-Z ' 'a-z,') &&
	[ -n "$cols" ] && run 0 show -b -r -n -o "$cols,name" "$1" && cp "$T/out" "$T/shown" &&
	cp "/proc/$1/numa_maps" "$T/numa_maps"
	st=$?
	kill -CONT "$1"
	[ $st -eq 0 ] || return 1
	awk -v pid="$1" 'FILENAME == ARGV[1] {
		if (FNR == 1) { for (i = 2; i <= NF; i++) col[i] = substr($i, 2); nc = NF; next }
		if ($1 != pid) { bad = bad " top row " $0; next }
		for (i = 2; i <= nc; i++) top[col[i]] = $i
		next
	}
	FILENAME == ARGV[2] {
		for (i = 1; i < nc; i++) {
			show[col[i + 1]] += $i
			if ($nc != "[vdso]") nvdso[col[i + 1]] += $i
		}
		next
	}
	{
		ps = 4096
		for (i = 2; i <= NF; i++)
			if ($i ~ /^kernelpagesize_kB=/) ps = substr($i, 19) * 1024
		for (i = 2; i <= NF; i++)
			if ($i ~ /^N[0-9]+=/) {
				split(substr($i, 2), kv, "=")
				nm[kv[1]] += kv[2] * ps
			}
	}
	END {
		for (n in top) {
			if (top[n] != show[n] + 0) bad = bad " N" n ": top " top[n] ", show " show[n] + 0
			if (nvdso[n] + 0 != nm[n] + 0)
				bad = bad " N" n ": show without the vdso " nvdso[n] + 0 ", numa_maps " nm[n] + 0
			sum += top[n]
		}
		for (n in nm) if (!(n in top)) bad = bad " N" n ": only in numa_maps"
		if (bad != "" || !sum) { print "mismatch:" bad; exit 1 }
	}' "$T/topn" "$T/shown" "$T/numa_maps" ||
	{ echo "top:"; cat "$T/topn"; return 1; }
}
# The accounting workloads, where this vmscope-wl has them.
for w in lazy half zero cow memfd populate mlock thp hugetlb swap ksm reserve numa stack; do
	p=$(start_wl "$w" "$w" "$T")
	pids="$pids $p"
	if grep -q '^skip' "$T/wl.$w"; then
		skip "check --stop: vmscope-wl $w" "$(sed -n 's/^skip //p' "$T/wl.$w")"
	elif ! grep -q '^ready' "$T/wl.$w"; then
		skip "check --stop: vmscope-wl $w" "no such workload here"
	else
		check_one "vmscope-wl $w" "$p"
		case $w in
		thp | hugetlb | mlock | swap) export_pids="$export_pids $p" ;;
		esac
		case $w in
		zero | thp | numa | cow | half) proc_extents "vmscope-wl $w" "$p" ;;
		esac
		[ "$w" = hugetlb ] && t "map: hugetlb pages under HUGETLB, not RSS" t_map_hugetlb "$p"
		case $w in
		numa | hugetlb | thp) t "top -p: N0, N1... are show's and numa_maps' per node ($w)" t_top_nodes "$p" ;;
		esac
		for c in $(sed -n 's/^child //p' "$T/wl.$w"); do
			pids="$pids $c"
			check_one "vmscope-wl $w (child)" "$c"
			[ "$w" = cow ] && proc_extents "vmscope-wl $w (child)" "$c"
		done
	fi
done

# ---- export: the machine's metrics, a process's series its own figures ----
# export_one PID: the process's series in $T/export.prom (vmscope_process_*,
# labelled pid="PID") against its own report's task record ($T/ex-a.PID)
# key for key, every series one, and against smaps_rollup ($T/ex-rollup.PID)
# and VmPTE ($T/ex-status.PID) where smaps_rollup has the field (kB,
# truncated: Pss is the fixed-point sum >> 10, as the task record's pss).
# smaps' Swap may be more where a read-only private shmem mapping maps
# private copies of object pages that are swapped out (format.rst, swap).
export_one() {
	awk -v pid="$1" '
	function kv(k,  i) {
		for (i = 2; i <= NF; i++)
			if (index($i, k "=") == 1)
				return substr($i, length(k) + 2)
		return ""
	}
	FILENAME == ARGV[1] && $1 == "task" {
		for (i = 2; i <= NF; i++) {
			e = index($i, "=")
			want[substr($i, 1, e - 1)] = substr($i, e + 1)
		}
		next
	}
	FILENAME == ARGV[1] && $1 == "vma" && kv("kind") == "shmem" && kv("perms") ~ /^.-.p/ &&
		kv("anon") + 0 > 0 { swap_copies = 1 }
	FILENAME == ARGV[2] {
		if (index($0, "vmscope_process_") != 1 || index($0, "{pid=\"" pid "\",") == 0)
			next
		name = substr($0, 17, index($0, "{") - 17)
		if (name == "node_resident_bytes") {
			if (!match($0, /node="[0-9]+"\} [0-9]+$/)) { bad = bad " bad node series: " $0; next }
			k = "n" substr($0, RSTART + 6, index(substr($0, RSTART + 6), "\"") - 1)
		} else if (name ~ /_bytes$/) {
			k = substr(name, 1, length(name) - 6)
		} else {
			bad = bad " unexpected series: " $0
			next
		}
		if (k in got) bad = bad " " k " twice"
		got[k] = $NF
		next
	}
	FILENAME == ARGV[3] && $NF == "kB" { sub(/:$/, "", $1); theirs[$1] = $2 * 1024; next }
	FILENAME == ARGV[4] && $1 == "VmPTE:" { theirs["VmPTE"] = $2 * 1024 }
	# smaps_rollup, or nothing where a field of the sum is missing
	function rollup(fields,  f, i, n, sum) {
		n = split(fields, f, "+")
		for (i = 1; i <= n; i++) {
			if (!(f[i] in theirs))
				return -1
			sum += theirs[f[i]]
		}
		return sum
	}
	END {
		if (!("rss" in want)) { print "no task record in the report"; exit 1 }
		nk = split("rss pss uss swap anon file shmem zero thp hugetlb locked pgtables", keys, " ")
		for (i = 1; i <= nk; i++)
			if (!(keys[i] in got)) bad = bad " no vmscope_process_" keys[i] "_bytes"
		for (k in want)
			if (k ~ /^n[0-9]+$/ && !(k in got)) bad = bad " no node " substr(k, 2) " series"
		for (k in got) {
			if (k ~ /^n[0-9]+$/ && !(k in want))
				want[k] = 0	# only the nodes with bytes in the task record
			if (!(k in want)) bad = bad " " k ": not in the report"
			else if (got[k] != want[k] + 0) bad = bad " " k ": export " got[k] ", report " want[k]
		}
		split("rss=Rss pss=Pss uss=Private_Clean+Private_Dirty swap=Swap anon=Anonymous " \
		      "thp=AnonHugePages+ShmemPmdMapped+FilePmdMapped " \
		      "hugetlb=Shared_Hugetlb+Private_Hugetlb locked=Locked pgtables=VmPTE", pairs, " ")
		for (i in pairs) {
			split(pairs[i], pr, "=")
			r = rollup(pr[2])
			if (r < 0 || !(pr[1] in got))
				continue
			mine = int(got[pr[1]] / 1024) * 1024
			if (pr[1] == "swap" && swap_copies)
				differ = r < mine
			else
				differ = r != mine
			if (differ)
				bad = bad " " pr[1] ": export " got[pr[1]] ", " pr[2] " " r / 1024 " kB"
			n++
		}
		if (n < 2) bad = bad " smaps_rollup: only " n + 0 " figures compared"
		if (bad != "") { print "pid " pid ":" bad; exit 1 }
	}' "$T/ex-a.$1" "$T/export.prom" "$T/ex-rollup.$1" "$T/ex-status.$1"
}
# Stopped processes (files and shmem, THP, hugetlb, mlock, swap): each
# one's report, the export, smaps_rollup and status, each one's report
# again; 1 if a report changed meanwhile (khugepaged, KSM), 2 on failure.
export_round() {
	for p in $export_pids; do
		"$CLI" snap "$p" -o "$T/ex-a.$p" || return 2
	done
	"$CLI" export --per-process >"$T/export.prom" 2>"$T/export.err" ||
		{ echo "export: exit $?: $(head -c 300 "$T/export.err")"; return 2; }
	for p in $export_pids; do
		cp "/proc/$p/smaps_rollup" "$T/ex-rollup.$p" && cp "/proc/$p/status" "$T/ex-status.$p" &&
			"$CLI" snap "$p" -o "$T/ex-b.$p" || return 2
		[ "$(grep '^task ' "$T/ex-a.$p")" = "$(grep '^task ' "$T/ex-b.$p")" ] || return 1
	done
}
t_export() {
	[ -n "$export_pids" ] || { echo "no workload to export"; return 1; }
	# shellcheck disable=SC2086 # a list of pids
	kill -STOP $export_pids
	sleep 0.2
	try=1
	export_round
	st=$?
	while [ "$st" -eq 1 ] && [ "$try" -lt 3 ]; do
		try=$((try + 1))
		export_round
		st=$?
	done
	# shellcheck disable=SC2086
	kill -CONT $export_pids
	[ "$st" -ne 1 ] || echo "a stopped process's report changed during each of $try exports"
	[ "$st" -eq 0 ] || return 1
	for p in $export_pids; do
		export_one "$p" || return 1
	done
	has '^# TYPE vmscope_cgroup_pss_bytes gauge$' "$T/export.prom" &&
	has '^vmscope_comm_processes{comm="vmscope-wl"} [1-9]' "$T/export.prom"
}
t "export --per-process: a stopped process's series are its report's and smaps_rollup's" t_export
# The text, for the host: scripts/qemu-run --tap runs promtool check
# metrics on what is between the two lines (too big a binary to pack).
echo "VMSCOPE-METRICS-BEGIN cli: export --per-process"
cat "$T/export.prom" 2>/dev/null
echo "VMSCOPE-METRICS-END"

t_check_quiet() { run 0 check -q "$tp" && [ ! -s "$T/out" ]; }
t "check -q: silent agreement, without --stop" t_check_quiet

# ---- errors: one line, exit 2 ----
t_errors() {
	for c in show map snap check; do
		run 2 "$c" 4194000 && has 'no such process' "$T/err" && oneline || return 1
	done
	run 2 diff "$T/a.snap" 4194000 && has 'no such process' "$T/err" && oneline &&
	echo hello >"$T/hello" &&
	run 2 show "$T/hello" && has "not a vmscope snapshot: $T/hello line 1" "$T/err" && oneline &&
	run 1 show --source=nope "$tp" && oneline
}
t "errors: no such process, not a snapshot, usage" t_errors

# The module answers ESRCH for a kernel thread (SPEC 1.3); the CLI names it.
t_kthread() {
	k=""
	for f in /proc/[0-9]*/stat; do
		awk '{ sub(/^.*\) /, ""); exit !(int($7 / 2097152) % 2) }' "$f" 2>/dev/null &&
			{ k=${f#/proc/}; k=${k%/stat}; break; }
	done
	[ -n "$k" ] || { echo "no kernel thread found"; return 1; }
	for c in show snap map; do
		run 2 "$c" "$k" && has "^vmscope: pid $k (.*) is a kernel thread: no user address space\$" "$T/err" &&
			oneline || return 1
	done
	run 2 show --source=proc "$k" && has "is a kernel thread" "$T/err" && oneline
}
t "kernel thread: named as one, exit 2, module and /proc" t_kthread

# top --by cgroup: a cgroup v2 with a memory limit, one process in it;
# memory.max as the file says, the process's cgroup in its row.
t_top_cgroup() {
	[ -x "$TOUCH" ] || return 2
	cg=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	if [ -z "$cg" ]; then
		mkdir -p /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null || return 2
		cg=/sys/fs/cgroup
	fi
	echo +memory >"$cg/cgroup.subtree_control" 2>/dev/null || return 2
	mkdir -p "$cg/vmstop" && echo 268435456 >"$cg/vmstop/memory.max" || return 1
	# charged after the move: 8 MiB written in the cgroup
	"$TOUCH" 8 8 >"$T/cg.out" 2>&1 &
	sp=$!
	waitfor "$T/cg.out" '^ready' && echo "$sp" >"$cg/vmstop/cgroup.procs" &&
	kill -USR1 "$sp" && waitfor "$T/cg.out" '^touched 8$' || { kill "$sp"; return 1; }
	run 0 top -b --by cgroup --cgroup /vmstop -o cgroup,procs,mem_current,mem_max &&
	has '^/vmstop  *1  *[0-9][0-9]*  *268435456$' &&
	[ "$(awk '$1 == "/vmstop" { print $3 }' "$T/out")" -ge 8388608 ] &&
	run 0 top -r -p "$sp" -o pid,cgroup && has "^$sp /vmstop\$" &&
	run 0 top -r --cgroup /vmstop -o pid && [ "$(sed 1d "$T/out")" = "$sp" ]
	st=$?
	kill "$sp"
	wait "$sp" 2>/dev/null
	rmdir "$cg/vmstop"
	return $st
}
t_top_cgroup >"$T/t.out" 2>&1
case $? in
0) ok "top --by cgroup: memory.max and the processes of a cgroup" ;;
2) skip "top --by cgroup: memory.max and the processes of a cgroup" "no cgroup2 memory controller or no $TOUCH" ;;
*) notok "top --by cgroup: memory.max and the processes of a cgroup" "$(tail -c 400 "$T/t.out")" ;;
esac

# top --by mapping: per mapping across processes, against each process's
# own vma records (two stopped processes; RSS, VMAs and processes, which
# do not change while they are stopped: PSS would, with every shell
# command that maps the same busybox).
t_top_mapping() {
	sleep 1000 &
	a=$!
	sleep 1000 &
	b=$!
	kill -STOP "$a" "$b"
	run 0 top --by mapping -p "$a,$b" -b -r -q -o procs,vmas,rss,mapping &&
	cp "$T/out" "$T/bymap" &&
	run 0 show -b -r -n -o rss,name "$a" && cp "$T/out" "$T/sa" &&
	run 0 show -b -r -n -o rss,name "$b" && cp "$T/out" "$T/sb" &&
	awk 'FILENAME == ARGV[1] {
		if (FNR == 1) { if ($0 != "PROCS VMAS RSS MAPPING") bad = "headings: " $0; next }
		k = NF < 4 ? "[anon]" : $4
		got[k] = $1 " " $2 " " $3
		next
	}
	{
		k = NF < 2 || $2 == "-" ? "[anon]" : $2	# raw: "-" for no name
		if (!((FILENAME, k) in seen)) { procs[k]++; seen[FILENAME, k] = 1 }
		vmas[k]++
		rss[k] += $1
	}
	END {
		for (k in vmas) {
			want = procs[k] " " vmas[k] " " rss[k]
			if (got[k] != want) bad = bad " " k ": top " got[k] ", reports " want
			n++
		}
		for (k in got) if (!(k in vmas)) bad = bad " " k ": only in top"
		if (bad != "" || n < 3) { print "mismatch (" n " mappings):" bad; exit 1 }
	}' "$T/bymap" "$T/sa" "$T/sb"
	st=$?
	kill -CONT "$a" "$b"
	kill "$a" "$b"
	wait "$a" "$b" 2>/dev/null
	return $st
}
t "top --by mapping: PROCS, VMAS and RSS per mapping are the processes' own" t_top_mapping

kill $pids 2>/dev/null
[ -n "$numa_balancing" ] && echo "$numa_balancing" >/proc/sys/kernel/numa_balancing
exit 0
