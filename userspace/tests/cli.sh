#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Smoke tests of the vmscope binary on the sample snapshots, as TAP.
# Usage: tests/cli.sh path/to/vmscope [path/to/fake-module.so]
# With the second argument, live PIDs are served by tests/fake_module.c.
set -u

BIN=${1:?usage: cli.sh path/to/vmscope [fake-module.so]}
FAKE=${2:-}
DIR=$(cd "$(dirname "$0")" && pwd)
SAMPLE=$DIR/data/sample.txt
FULL=$DIR/data/sample-full.txt
GUEST=$DIR/data/guest
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT

n=0
failed=0

ok() {	# ok DESCRIPTION COMMAND...: passes if the command succeeds
	desc=$1
	shift
	n=$((n + 1))
	if "$@" >"$TMP/out" 2>"$TMP/err"; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		sed 's/^/# /' "$TMP/err" "$TMP/out"
		failed=$((failed + 1))
	fi
}

# run EXPECTED-STATUS ARGS...: run vmscope, keep stdout/stderr in files
run() {
	want=$1
	shift
	"$BIN" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
	status=$?
	[ "$status" -eq "$want" ] || {
		echo "exit status $status, expected $want" >&2
		cat "$TMP/stderr" >&2
		return 1
	}
}

has() { grep -q -- "$1" "$TMP/${2:-stdout}" || { echo "missing: $1" >&2; cat "$TMP/${2:-stdout}" >&2; return 1; }; }
lacks() { ! grep -q -- "$1" "$TMP/${2:-stdout}" || { echo "unexpected: $1" >&2; return 1; }; }
json_ok() { python3 -m json.tool "$TMP/stdout" >/dev/null; }
oneline() { [ "$(wc -l <"$TMP/stderr")" -eq 1 ] && grep -q '^vmscope: ' "$TMP/stderr"; }

t_version() { run 0 --version && has 'vmscope .*report format 1'; }
t_help() { run 0 show --help && has 'Usage: vmscope show'; }
t_table() {
	run 0 show "$SAMPLE" && has '^pid 4242 (demo)  kernel 6.1.0-28-amd64  VSZ 1.0G' &&
	has 'START' && has '\[heap\]' && has 'a b\\x0ac' && has 'total' && lacks 'RSS'
}
t_bytes() { run 0 show -b "$SAMPLE" && has 'VSZ 1074049024' && has '1073741824'; }
t_json() {
	run 0 show -J "$SAMPLE" && json_ok &&
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert list(d)[-1] == "vmas", d.keys()
v = d["vmas"]
assert len(v) == 7
assert v[2]["vsz"] == 1073741824 and v[2]["start"] == "0x7f3a00000000"
assert v[3]["name"] == "/tmp/a b\nc", v[3]["name"]
assert v[0]["inode"] == 1311
' "$TMP/stdout"
}
# A name that is not UTF-8 (Latin-1 e-acute, a 0xff byte) and a comm with one:
# valid JSON, each such byte the code point of its value (U+00E9, U+00FF)
t_json_latin1() {
	sed 's|/tmp/a\\040b\\012c|/tmp/caf\\351\\377|; s|comm=demo|comm=d\\351mo|' "$SAMPLE" >"$TMP/latin1" &&
	run 0 show -J "$TMP/latin1" && json_ok &&
	python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))["vmas"]
assert v[3]["name"] == "/tmp/caf\u00e9\u00ff", v[3]["name"]
' "$TMP/stdout" &&
	run 0 diff -J "$SAMPLE" "$TMP/latin1" && json_ok && has '"name": "/tmp/café' &&
	run 0 show "$TMP/latin1" && has '/tmp/caf\\xe9\\xff'
}
# -J carries the header: who, kernel, source, time, status and the task totals
t_json_header() {
	run 0 show -J "$SAMPLE" && json_ok &&
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert d["pid"] == 4242 and d["comm"] == "demo" and d["kernel"] == "6.1.0-28-amd64", d
assert d["source"] == "module" and d["status"] == "complete" and d["nodes"] == [0], d
assert d["time_ns"] == 1732240000123456789 and d["time"] == "2024-11-22T01:46:40.123456789Z", d
assert d["task"] == {"vsz": 1074049024}, d["task"]
' "$TMP/stdout" &&
	run 0 show -J "$FULL" && json_ok &&
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
t = d["task"]
assert d["nodes"] == [0, 1] and t["rss"] == 2158592 and t["n1"] == 1089536, t
assert t["pgtables"] == 28672 and t["minflt"] == 120 and t["oom_score_adj"] == 0, t
' "$TMP/stdout" &&
	sed 's/^end .*/end status=partial reason=exited/; s/oom_score_adj=0/oom_score_adj=-1000/' "$FULL" >"$TMP/partial" &&
	run 0 show -J "$TMP/partial" && json_ok &&
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert d["status"] == "partial" and d["reason"] == "exited" and d["task"]["oom_score_adj"] == -1000, d
' "$TMP/stdout" &&
	sed 's|comm=demo|comm=d\\351\\042mo|' "$SAMPLE" >"$TMP/latin1" && run 0 show -J "$TMP/latin1" && json_ok &&
	python3 -c 'import json,sys
assert json.load(open(sys.argv[1]))["comm"] == "d\u00e9\"mo"
' "$TMP/stdout"
}
t_json_full() {
	run 0 show -J "$FULL" && json_ok &&
	python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))["vmas"]
assert v[2]["thp"] == 2097152 and v[2]["n1"] > 0 and v[2]["o9"] == 2097152, v[2]
' "$TMP/stdout"
}
t_full_columns() {
	run 0 show "$FULL" && has 'RSS' && has 'N1' && has 'THP' && lacks 'RUNS' && lacks 'O9' &&
	lacks 'INODE' && has 'N0 1.0M' && run 0 show -o +O9,inode "$FULL" && has 'O9' && has INODE
}
t_raw() { run 0 show -r "$SAMPLE" && lacks '^pid' && lacks total && has '^START END' && has 'a\\x20b\\x0ac'; }
# -r: every row has as many fields as the heading (none empty: "-")
fields() { [ "$(awk '{ print NF }' "$TMP/stdout" | sort -u | wc -l)" -eq 1 ] || { cat "$TMP/stdout" >&2; return 1; }; }
t_raw_fields() {
	for f in "$FULL" "$GUEST/mixed.snap" "$GUEST/names.snap" "$GUEST/mixed-proc.snap"; do
		run 0 show -r "$f" && fields || return 1
	done
	run 0 show -r -n -o start,name "$SAMPLE" && has '^0x7f3a00000000 -$' &&
	run 0 show -r -o start,rss,name "$SAMPLE" && fields &&
	run 0 diff -r -a "$SAMPLE" "$FULL" && fields && run 0 diff -r -a "$GUEST/story1.snap" "$GUEST/story2.snap" && fields
}
# nK and oK are printed only when not zero: where the family is known, absent is 0
t_family_zero() {
	run 0 show -J "$GUEST/mixed.snap" && python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))["vmas"]
assert all(isinstance(r["n0"], int) and isinstance(r["n1"], int) for r in v), [r["start"] for r in v]
' "$TMP/stdout" && run 0 show -n -o start,n1 "$GUEST/mixed.snap" && lacks '^0x[0-9a-f]* *$' &&
	run 0 show -r -n -b -o start,o9 "$FULL" && has '^0x55d0c0a00000 0$' && has '^0x7f3a00000000 2097152$'
}
# -o COL the snapshot lacks: an empty column, and a warning that says why
t_absent_column() {
	run 0 show -o start,n3 "$FULL" &&
	has "^vmscope: warning: column N3 is empty: $FULL has no node 3 (nodes 0,1)\$" stderr && oneline &&
	run 0 show -o start,runs "$GUEST/mixed-proc.snap" &&
	has "^vmscope: warning: column RUNS is empty: $GUEST/mixed-proc.snap has no runs field\$" stderr && oneline &&
	run 0 show -o start,rss,n1 "$FULL" && [ ! -s "$TMP/stderr" ]
}
t_output() {
	run 0 show -o start,VSZ,name -n "$SAMPLE" &&
	[ "$(head -1 "$TMP/stdout")" = "0x55d0c0a00000 4.0K /usr/bin/demo" ] &&
	[ "$(wc -l <"$TMP/stdout")" -eq 8 ] &&
	lacks PERM && lacks '^pid'
}
t_output_plus() { run 0 show -o +runs "$FULL" && has 'RUNS'; }
t_preset_numa() {
	sed 's/ name=\[heap\]$/ misplaced=8192 policy=bind:0 name=[heap]/' \
		"$FULL" >"$TMP/numa.txt" &&
	run 0 show -o numa -r "$TMP/numa.txt" &&
	has '^START KIND RSS SWAP HUGETLB MISPLACED POLICY N0 N1 NAME$' &&
	has '^0x55d0c0c00000 heap 12K 0 0 8.0K bind:0 4.0K 8.0K \[heap\]$' &&
	run 0 show -o NUMA -n -r "$TMP/numa.txt" && has 'bind:0' &&
	run 0 show -o help && has '^  numa '
}
t_policy_unescaped() {
	sed 's/ name=\[heap\]$/ policy=weighted\\040interleave:0-1 name=[heap]/' \
		"$SAMPLE" >"$TMP/policy.txt" &&
	grep -q 'policy=weighted\\040interleave' "$TMP/policy.txt" &&
	run 0 show -o start,policy -n "$TMP/policy.txt" &&
	has '^0x55d0c0c00000 weighted interleave:0-1$' && lacks '040' &&
	run 0 show -o start,policy -J "$TMP/policy.txt" && json_ok &&
	has '"policy": "weighted interleave:0-1"'
}
t_output_absent() { run 0 show -o START,RSS -J "$SAMPLE" && json_ok && has '"rss": null'; }
t_bad_column() { run 1 show -o start,bogus "$SAMPLE" && has 'vmscope: unknown column: bogus' stderr && oneline; }
t_sort() {
	run 0 show -r -n -o VSZ,NAME --sort vsz -b "$SAMPLE" &&
	[ "$(head -1 "$TMP/stdout")" = "4096 /usr/bin/demo" ] &&
	[ "$(tail -1 "$TMP/stdout")" = "1073741824 -" ]
}
t_sort_desc() { run 0 show -r -n -o VSZ --sort=-vsz -b "$SAMPLE" && [ "$(head -1 "$TMP/stdout")" = 1073741824 ]; }
t_sort_bad() { run 1 show --sort nope "$SAMPLE" && oneline; }
t_stdin() { "$BIN" show -r - <"$SAMPLE" >"$TMP/stdout" && has '\[vdso\]'; }
t_stdin_implicit() { "$BIN" show -r <"$SAMPLE" >"$TMP/stdout" && has '\[vdso\]'; }
t_fifo() {
	mkfifo "$TMP/fifo" && { cat "$SAMPLE" >"$TMP/fifo" & } &&
	run 0 show -r "$TMP/fifo" && has '\[stack\]'
}
t_not_snapshot() { run 2 show /etc/hostname && has "vmscope: not a vmscope snapshot: /etc/hostname line 1" stderr && oneline; }
t_missing_file() { run 2 show "$TMP/nope.txt" && has "vmscope: cannot open $TMP/nope.txt: No such file" stderr && oneline; }
t_truncated() {
	head -n 5 "$SAMPLE" >"$TMP/trunc" &&
	run 2 show "$TMP/trunc" && has "vmscope: truncated snapshot: $TMP/trunc (no end record)" stderr && oneline
}
t_partial() {
	sed 's/^end .*/end status=partial reason=exited/' "$SAMPLE" >"$TMP/partial" &&
	run 0 show "$TMP/partial" && has "vmscope: warning: partial snapshot: $TMP/partial (reason: exited)" stderr
}
t_live_no_module() {
	[ -e /proc/vmscope ] && return 0	# loaded: not this test
	run 2 show --source=module 999999999 &&
	has 'vmscope: module not loaded (/proc/vmscope missing)' stderr && oneline
}
t_snap_no_module() {
	[ -e /proc/vmscope ] && return 0
	run 2 snap --source=module 1 -o "$TMP/s.txt" && has 'module not loaded' stderr &&
	[ ! -e "$TMP/s.txt" ] && [ ! -e "$TMP/s.txt.tmp" ]
}
t_snap_usage() { run 1 snap && oneline && run 1 snap abc && oneline && run 1 snap 1 2 && oneline; }
t_bad_option() { run 1 show --frobnicate "$SAMPLE" && has "vmscope: show: unrecognized option '--frobnicate'" stderr && oneline; }
t_exclusive() {
	run 1 show -J --raw "$SAMPLE" && has 'vmscope: show: --json and --raw are mutually exclusive' stderr &&
	oneline && run 1 diff -r -J "$SAMPLE" "$SAMPLE" &&
	has 'vmscope: diff: --raw and --json are mutually exclusive' stderr && oneline &&
	run 1 map --ascii --unicode "$SAMPLE" &&
	has 'vmscope: map: --ascii and --unicode are mutually exclusive' stderr && oneline &&
	run 0 show -J -J "$SAMPLE"
}
t_option_with_arg() {
	run 1 show --json=pretty "$SAMPLE" &&
	has "^vmscope: show: option '--json' doesn't allow an argument\$" stderr && oneline &&
	run 1 watch --all=yes 1 && has "option '--all' doesn't allow an argument" stderr && oneline &&
	run 1 show -Z "$SAMPLE" && has "invalid option -- 'Z'" stderr && oneline
}
t_missing_arg() { run 1 show "$SAMPLE" -o && has "requires an argument" stderr && oneline; }
# Through the fake module (LD_PRELOAD): fake REPORT [VAR=VALUE...] -- ARGS
fake() {
	report=$1
	shift
	env LD_PRELOAD="$FAKE" ASAN_OPTIONS=verify_asan_link_order=0 \
	    VMSCOPE_FAKE_REPORT="$report" VMSCOPE_FAKE_REQUEST_LOG="$TMP/req" "$@"
}
t_fake_show() {
	rm -f "$TMP/req"
	fake "$SAMPLE" "$BIN" show 4242 >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^pid 4242 (demo)' && has '\[vdso\]' && [ "$(cat "$TMP/req")" = "4242 summary vmas" ]
}
t_fake_snap() {
	rm -f "$TMP/req"
	fake "$FULL" "$BIN" snap -x 4242 -o "$TMP/snap.txt" >"$TMP/stdout" 2>"$TMP/stderr" &&
	cmp "$FULL" "$TMP/snap.txt" && [ ! -e "$TMP/snap.txt.tmp" ] &&
	[ "$(cat "$TMP/req")" = "4242 all" ] && [ ! -s "$TMP/stdout" ]
}
t_fake_snap_stdout() {
	fake "$SAMPLE" "$BIN" snap 4242 >"$TMP/stdout" 2>"$TMP/stderr" && cmp "$SAMPLE" "$TMP/stdout"
}
t_fake_snap_partial() {
	sed 's/^end .*/end status=partial reason=exited/' "$SAMPLE" >"$TMP/partial"
	fake "$TMP/partial" "$BIN" snap 4242 -o "$TMP/p.txt" >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has 'vmscope: partial report for pid 4242 (reason: exited); not written' stderr &&
	oneline && [ ! -e "$TMP/p.txt" ] && [ ! -e "$TMP/p.txt.tmp" ] && [ ! -s "$TMP/stdout" ]
}
t_fake_snap_truncated() {
	head -n 4 "$SAMPLE" >"$TMP/cut"
	fake "$TMP/cut" "$BIN" snap 4242 >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has 'vmscope: truncated snapshot: pid 4242 (no end record)' stderr && [ ! -s "$TMP/stdout" ]
}
t_fake_snap_baddir() {
	fake "$SAMPLE" "$BIN" snap 4242 -o "$TMP/nodir/x.txt" >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has "vmscope: cannot write $TMP/nodir/x.txt: No such file" stderr && oneline
}
t_fake_snap_symlink() {
	mkdir -p "$TMP/l/d" && echo old >"$TMP/l/d/real.txt" && chmod 640 "$TMP/l/d/real.txt" &&
	ln -s d/real.txt "$TMP/l/link" && ln -s link "$TMP/l/link2" && ln -s d/new.txt "$TMP/l/dangling" &&
	fake "$SAMPLE" "$BIN" snap 4242 -o "$TMP/l/link2" >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ -L "$TMP/l/link" ] && [ -L "$TMP/l/link2" ] && cmp "$SAMPLE" "$TMP/l/d/real.txt" &&
	[ "$(stat -c %a "$TMP/l/d/real.txt")" = 640 ] &&
	fake "$SAMPLE" "$BIN" snap 4242 -o "$TMP/l/dangling" >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ -L "$TMP/l/dangling" ] && cmp "$SAMPLE" "$TMP/l/d/new.txt" &&
	[ "$(ls -A "$TMP/l" | tr '\n' ' ')" = "d dangling link link2 " ] &&
	[ "$(ls -A "$TMP/l/d" | tr '\n' ' ')" = "new.txt real.txt " ] ||
	{ ls -laR "$TMP/l" >&2; cat "$TMP/stderr" >&2; return 1; }
}
t_fake_snap_proc_file() {
	fake "$SAMPLE" "$BIN" snap 4242 -o /proc/version >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has '^vmscope: cannot write /proc/version: \(Input/output error\|Permission denied\)$' stderr &&
	oneline && lacks tmp stderr
}
# Three reports of pid 4242, 2 s apart: the heap grows 4.0K each time, the
# big anonymous VMA 1.0M in the second interval; the task records disagree
# with the records (as a later smaps_rollup read would)
watch_reports() {
	python3 - "$FULL" "$TMP" <<'PY'
import re, sys
full, tmp = open(sys.argv[1]).read(), sys.argv[2]
def bump(text, start, **inc):
    out = []
    for line in text.splitlines(True):
        if line.startswith("vma start=%s " % start):
            for k, d in inc.items():
                line = re.sub(r" %s=([0-9]+)" % k, lambda m: " %s=%d" % (k, int(m.group(1)) + d), line)
        out.append(line)
    return "".join(out)
heap, anon = "0x55d0c0c00000", "0x7f3a00000000"
r1 = bump(full, heap, rss=4096, anon=4096, pss=4096, uss=4096, private=4096, dirty=4096, n0=4096, none=-4096)
r1 = r1.replace("time_ns=1732240000123", "time_ns=1732240002123").replace("task vsz=1074049024 rss=2158592", "task vsz=1074049024 rss=1")
r2 = bump(r1, heap, rss=4096, anon=4096, pss=4096, uss=4096, private=4096, dirty=4096, n0=4096, none=-4096)
r2 = bump(r2, anon, rss=1048576, anon=1048576, pss=1048576, uss=1048576, private=1048576, dirty=1048576, n1=1048576, none=-1048576)
r2 = r2.replace("time_ns=1732240002123", "time_ns=1732240004123")
for name, text in (("w0", full), ("w1", r1), ("w2", r2)):
    open("%s/%s" % (tmp, name), "w").write(text)
PY
}
watch_fake() {	# ARGS...: watch of pid 4242 through the three reports
	fake "$TMP/w0:$TMP/w1:$TMP/w2" env TZ=UTC "$BIN" watch -n 2 -i 0.05 "$@" 4242 >"$TMP/stdout" 2>"$TMP/stderr"
}
# Each frame: the wall-clock time, the totals now beside their change (from
# the records the rows show), rows with the value beside the change
t_fake_watch_frames() {
	watch_reports && watch_fake -b || { cat "$TMP/stderr" >&2; return 1; }
	has '^01:46:40  pid 4242 (demo)  kernel 6.1.0-28-amd64  VSZ 1074049024  RSS 2158592 ' &&
	has '^01:46:42  pid 4242 (demo)  +2.000s  VSZ 1074049024 +0  RSS 2162688 +4096  PSS 2162688 +4096 ' &&
	has '^01:46:44  pid 4242 (demo)  +2.000s  VSZ 1074049024 +0  RSS 3215360 +1052672 ' &&
	has '^STATUS  *START  *END  *PERM KIND  *VSZ  *+VSZ  *RSS  *+RSS ' &&
	has '^changed 0x55d0c0c00000 0x55d0c0c21000 rw-p heap  *135168  *0  *16384  *+4096 .*\[heap\]$' &&
	has '^changed 0x7f3a00000000 0x7f3a40000000 rw-p anon  *1073741824  *0  *3158016  *+1048576 ' &&
	has '1 of 7 VMAs changed' && has '2 of 7 VMAs changed' &&
	has ' 2162688  *+4096 .*total$'
}
t_fake_watch_min_change() {
	watch_reports && watch_fake --min-change 8K &&
	has '0 of 7 VMAs changed (1 below 8.0K)' && has '1 of 7 VMAs changed (1 below 8.0K)' &&
	has '^changed 0x7f3a00000000 ' && lacks '^changed 0x55d0c0c00000 ' &&
	run 1 watch --min-change lots 4242 && has 'invalid size' stderr && oneline
}
t_fake_watch_sort() {
	watch_reports && watch_fake --sort=-rss && tail -n 6 "$TMP/stdout" >"$TMP/frame" &&
	[ "$(grep -o '^changed 0x[0-9a-f]*' "$TMP/frame" | tr '\n' ' ')" = "changed 0x7f3a00000000 changed 0x55d0c0c00000 " ] &&
	watch_fake --sort=rss && tail -n 6 "$TMP/stdout" >"$TMP/frame" &&
	[ "$(grep -o '^changed 0x[0-9a-f]*' "$TMP/frame" | tr '\n' ' ')" = "changed 0x55d0c0c00000 changed 0x7f3a00000000 " ] &&
	run 1 watch --sort=bogus 4242 && has 'unknown column: bogus' stderr && oneline ||
	{ cat "$TMP/stdout" >&2; return 1; }
}
t_fake_watch_json() {
	watch_reports && watch_fake -J && python3 - "$TMP/stdout" <<'PY'
import json, sys
text, dec, frames, i = open(sys.argv[1]).read(), json.JSONDecoder(), [], 0
while i < len(text):
    if text[i].isspace():
        i += 1
        continue
    d, i = dec.raw_decode(text, i)
    frames.append(d)
assert len(frames) == 2, len(frames)
f1, f2 = frames
assert f1["time"] == "2024-11-22T01:46:42.123456789Z" and f1["pid"] == 4242 and f1["comm"] == "demo", f1
assert f1["task"]["rss"] == 2162688 and f1["change"]["rss"] == 4096, (f1["task"], f1["change"])
assert f1["interval_ns"] == 2000000000 and f1["changed"] == 1 and f1["hidden"] == 0, f1
heap = [v for v in f1["vmas"] if v["name"] == "[heap]"][0]
assert heap["status"] == "changed" and heap["rss"] == 16384 and heap["rss_change"] == 4096, heap
assert f2["change"]["rss"] == 1052672 and len(f2["vmas"]) == 2, f2
PY
}
t_fake_watch_raw() {
	watch_reports && watch_fake -r &&
	[ "$(grep -c '^TIME STATUS START END ' "$TMP/stdout")" -eq 1 ] && head -n 1 "$TMP/stdout" | grep -q '^TIME ' &&
	has '^2024-11-22T01:46:42.123Z changed 0x55d0c0c00000 ' && has '^2024-11-22T01:46:44.123Z changed 0x7f3a00000000 ' &&
	lacks 'pid 4242' && lacks total && fields
}
# -r when nothing changed first: the headings still start the stream (and
# a diff -r of a snapshot with itself is its headings alone)
t_raw_unchanged_first() {
	watch_reports &&
	fake "$TMP/w0:$TMP/w0:$TMP/w1" env TZ=UTC "$BIN" watch -n 2 -i 0.05 -r 4242 >"$TMP/stdout" 2>"$TMP/stderr" &&
	head -n 1 "$TMP/stdout" | grep -q '^TIME STATUS START END ' &&
	[ "$(grep -c '^TIME ' "$TMP/stdout")" -eq 1 ] && has '^2024-11-22T01:46:42.123Z changed 0x55d0c0c00000 ' &&
	run 0 diff -r "$SAMPLE" "$SAMPLE" && [ "$(cat "$TMP/stdout")" = "STATUS START END PERM KIND VSZ NAME" ] &&
	run 0 diff -r -n "$SAMPLE" "$SAMPLE" && [ ! -s "$TMP/stdout" ]
}
# The interval is the period: a snapshot that takes 0.6 s does not add to
# it (1.0 s between requests; a pause after each snapshot would give 1.6 s;
# the margin is for a loaded machine and sanitizers)
t_fake_watch_period() {
	rm -f "$TMP/times"
	fake "$SAMPLE" VMSCOPE_FAKE_DELAY_MS=600 VMSCOPE_FAKE_TIME_LOG="$TMP/times" \
		"$BIN" watch -n 3 -i 1 4242 >"$TMP/stdout" 2>"$TMP/stderr" &&
	awk 'NR > 1 { gap = ($1 - prev) / 1e9; if (gap < 0.8 || gap > 1.35) { print "gap " gap; bad = 1 } }
	     { prev = $1 } END { exit bad || NR != 4 }' "$TMP/times" || { cat "$TMP/times" >&2; return 1; }
}
# fake_error VAR ERRNO MESSAGE
fake_error() {
	fake "$SAMPLE" "$1=$2" "$BIN" snap --source=module 4242 >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has "^vmscope: $3\$" stderr && oneline
}
t_fake_errors() {
	mkdir -p "$TMP/nosys" &&
	(export VMSCOPE_FAKE_SYS_ROOT="$TMP/nosys"
	 fake_error VMSCOPE_FAKE_OPEN_ERRNO 2 'module not loaded (/proc/vmscope missing)') &&
	fake_error VMSCOPE_FAKE_OPEN_ERRNO 13 'permission denied: /proc/vmscope (root only: run as root, or use --source=proc)' &&
	fake_error VMSCOPE_FAKE_WRITE_ERRNO 1 'permission denied: pid 4242\( (.*)\)\?: inspecting it needs ptrace access; run as its user or as root' &&
	# ESRCH names what /proc/4242 is when it is there (a zombie, a kernel
	# thread on this machine): the plain message only where it is not.
	{ [ -e /proc/4242 ] || fake_error VMSCOPE_FAKE_WRITE_ERRNO 3 'no such process: 4242'; } &&
	fake_error VMSCOPE_FAKE_WRITE_ERRNO 22 'invalid request' &&
	fake_error VMSCOPE_FAKE_WRITE_ERRNO 5 'cannot write to /proc/vmscope: Input/output error'
}
# A kernel that loads only signed modules (module.sig_enforce, or any
# lockdown level): the message names the rule, sig_enforce first; without
# either (or without securityfs) the plain message.
sig_sys() { # SIG_ENFORCE LOCKDOWN
	rm -rf "$TMP/sys" &&
	mkdir -p "$TMP/sys/sys/module/module/parameters" "$TMP/sys/sys/kernel/security" &&
	echo "$1" >"$TMP/sys/sys/module/module/parameters/sig_enforce" &&
	{ [ -z "$2" ] || echo "$2" >"$TMP/sys/sys/kernel/security/lockdown"; }
}
sig_error() { # WHY (empty: the plain message)
	if [ -n "$1" ]; then
		set -- "module not loaded (/proc/vmscope missing); this kernel loads only signed modules ($1): sign vmscope.ko with a key it trusts (make sign; see vmscope(4))"
	else
		set -- 'module not loaded (/proc/vmscope missing)'
	fi
	(export VMSCOPE_FAKE_SYS_ROOT="$TMP/sys"
	 fake_error VMSCOPE_FAKE_OPEN_ERRNO 2 "$1")
}
t_fake_signed_only() {
	sig_sys Y '[none] integrity confidentiality' && sig_error module.sig_enforce &&
	sig_sys Y 'none [integrity] confidentiality' && sig_error module.sig_enforce &&
	sig_sys N 'none [integrity] confidentiality' && sig_error 'lockdown: integrity' &&
	sig_sys N 'none integrity [confidentiality]' && sig_error 'lockdown: confidentiality' &&
	sig_sys N '[none] integrity confidentiality' && sig_error '' &&
	sig_sys N '' && sig_error ''
}
t_unknown_cmd() { run 1 frob && has 'vmscope: unknown command: frob' stderr; }
t_fake_auto_fallback() {
	# auto: no /proc/vmscope, so /proc; pid 4242 is not there either
	fake "$SAMPLE" VMSCOPE_FAKE_OPEN_ERRNO=2 "$BIN" show 999999999 >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has '^vmscope: no such process: 999999999$' stderr && oneline
}
t_fake_auto_module() {
	rm -f "$TMP/req"
	fake "$SAMPLE" "$BIN" show 4242 >"$TMP/stdout" 2>"$TMP/stderr" && lacks 'source proc' &&
	[ -s "$TMP/req" ]
}

# ---- new commands, on the sample snapshots ----
t_help_all() {
	for c in snap show diff watch map check; do
		run 0 "$c" --help && has "Usage: vmscope $c" || return 1
	done
	run 0 help diff && has 'Usage: vmscope diff' && run 0 --help && has 'check'
}
t_list_columns() {
	run 0 show --list-columns && has '^  RSS  *default' && has '^  INODE ' && has 'N<n>' &&
	run 0 show -o help && has '^  HUGETLB  *nonzero' && run 0 diff --list-columns && has '^  STATUS'
}
# From /proc, the task record (smaps_rollup) is read after the vma records
# (smaps): on a running target they differ. A header takes every figure of
# one side from the records its rows show. Here the task record says RSS
# 50M more than the rows, and B's heap has 4.0K more than A's.
header_rows() {	# FIELD: the header's FIELD equals the totals row's (show -b, diff -b)
	python3 - "$1" "$TMP/stdout" <<'PY'
import re, sys
field, lines = sys.argv[1], open(sys.argv[2]).read().splitlines()
head = re.search(r"  %s ([-+]?[0-9]+)" % field, lines[0]).group(1)
# the totals row is right-aligned under the headings: take the cell by position
end = lines[1].index(field) + len(field)
cell = lines[-1][:end].split()[-1]
assert int(head) == int(cell), (field, head, cell, lines[0], lines[-1])
PY
}
t_header_rows_agree() {
	sed 's/^\(task vsz=[0-9]*\) rss=[0-9]*/\1 rss=53440512/; s/^\(task .*\) pss=[0-9]*/\1 pss=53440512/' \
		"$GUEST/mixed-proc.snap" >"$TMP/rollup-a" &&
	sed 's/^\(vma start=0x23ad7000 .*\) rss=12288 /\1 rss=16384 /; s/^\(task vsz=[0-9]*\) rss=[0-9]*/\1 rss=1/' \
		"$GUEST/mixed-proc.snap" >"$TMP/rollup-b" &&
	run 0 show -b "$TMP/rollup-a" && header_rows RSS && header_rows PSS &&
	run 0 diff -b "$TMP/rollup-a" "$TMP/rollup-b" && header_rows RSS && header_rows PSS && has '  RSS +4096  '
}
t_diff_same() { run 0 diff "$FULL" "$FULL" && has '0 of 7 VMAs changed' && has 'total'; }
t_diff_all() { run 0 diff --all -r "$FULL" "$FULL" && [ "$(grep -c '^same ' "$TMP/stdout")" -eq 7 ]; }
t_diff_json() {
	run 0 diff -J "$SAMPLE" "$FULL" && json_ok &&
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["diff"], d.keys()
rows = d["diff"]
assert rows[-1]["status"] == "total", rows[-1]
assert all(isinstance(r["vsz"], int) for r in rows)
' "$TMP/stdout"
}
t_diff_stdin() { "$BIN" diff - "$FULL" <"$FULL" >"$TMP/stdout" 2>"$TMP/stderr" && has '0 of 7'; }
t_diff_usage() {
	run 1 diff "$FULL" && oneline && run 1 diff a b c && oneline &&
	run 1 diff -o bogus "$FULL" "$FULL" && has 'unknown column: bogus' stderr && oneline &&
	run 1 diff - - && oneline
}
t_diff_bad_file() { run 2 diff "$FULL" /etc/hostname && has 'not a vmscope snapshot: /etc/hostname line 1' stderr && oneline; }
# Hand-built snapshots of one process (tests/data/reshape*.txt): 0 -> 1 an
# mprotect(PROT_READ) of 4 MiB at 18 MiB in a 40 MiB mapping (30 MiB
# written); 1 -> 2 an mremap(MREMAP_FIXED) of a 4 MiB mapping, grown to
# 8 MiB, into the start of a 64 MiB PROT_NONE reservation.
RESHAPE=$DIR/data/reshape
GUEST=$DIR/data/guest
RESHAPER=$(dirname "$BIN")/vmscope-reshape
t_diff_count() {
	run 0 diff --all "$FULL" "$FULL" && has '  0 of 7 VMAs changed$' &&
	run 0 diff "$RESHAPE"0.txt "$RESHAPE"1.txt && has '  3 of 9 VMAs changed$' &&
	run 0 diff "$RESHAPE"0.txt "$RESHAPE"2.txt && has '  5 of 9 VMAs changed$' &&
	run 0 diff -o STATUS,START,VSZ "$GUEST/story1.snap" "$GUEST/story2.snap" &&
	has '  8 of 11 VMAs changed (8 only in columns not shown)$'
}
# pyjson SCRIPT: a Python check of the diff JSON in $TMP/stdout (rows in d)
pyjson() { json_ok && python3 -c "import json,sys
d = json.load(open(sys.argv[1]))['diff']
$1" "$TMP/stdout"; }
t_diff_split() {
	run 0 diff -J -b "$RESHAPE"0.txt "$RESHAPE"1.txt && pyjson '
M = 1 << 20
assert len(d) == 2 and d[1]["status"] == "total", d
s = d[0]
assert (s["status"], s["start"], s["end"], s["perm"], s["vsz"], s["rss"]) == \
    ("split", "0x7f0000000000", "0x7f0002800000", "rw-p", 0, 0), s
got = [(c["status"], c["start"], c["end"], c["perm"], c["vsz"], c["rss"], c["anon"], c["n0"])
       for c in s["children"]]
assert got == [("now", "0x7f0000000000", "0x7f0001200000", "rw-p", 18 * M, 18 * M, 18 * M, 18 * M),
               ("now", "0x7f0001200000", "0x7f0001600000", "r--p", 4 * M, 4 * M, 4 * M, 4 * M),
               ("now", "0x7f0001600000", "0x7f0002800000", "rw-p", 18 * M, 8 * M, 8 * M, 8 * M)], got
' && run 0 diff "$RESHAPE"0.txt "$RESHAPE"1.txt &&
	has '^split  *0x7f0000000000 0x7f0002800000 rw-p anon  *0  *0 ' &&
	has '^[^ ]*now  *0x7f0001200000 0x7f0001600000 r--p anon  *4.0M  *4.0M ' &&
	run 0 diff -r -b -o STATUS,START,END,PERM,VSZ,RSS "$RESHAPE"0.txt "$RESHAPE"1.txt &&
	has '^now 0x7f0001600000 0x7f0002800000 rw-p 18874368 8388608$' &&
	[ "$(grep -c '^now ' "$TMP/stdout")" -eq 3 ]
}
t_diff_merge() {
	run 0 diff -J -b "$RESHAPE"1.txt "$RESHAPE"0.txt && pyjson '
M = 1 << 20
s = d[0]
assert (s["status"], s["start"], s["end"], s["vsz"]) == ("merged", "0x7f0000000000", "0x7f0002800000", 0), s
got = [(c["status"], c["start"], c["perm"], c["vsz"], c["rss"]) for c in s["children"]]
assert got == [("was", "0x7f0000000000", "rw-p", 18 * M, 18 * M),
               ("was", "0x7f0001200000", "r--p", 4 * M, 4 * M),
               ("was", "0x7f0001600000", "rw-p", 18 * M, 8 * M)], got
'
}
t_diff_reservation() {
	run 0 diff -J -b "$RESHAPE"1.txt "$RESHAPE"2.txt && pyjson '
M = 1 << 20
got = [(r["status"], r["start"], r["end"], r["was"], r["perm"], r["vsz"], r["rss"], r["none"])
       for r in d[:-1]]
assert got == [("moved", "0x7f0004000000", "0x7f0004800000", "0x7f0003000000-0x7f0003400000",
                "rw-p", 4 * M, 0, 4 * M),
               ("shrunk", "0x7f0004800000", "0x7f0008000000", "0x7f0004000000-0x7f0008000000",
                "---p", -8 * M, 0, -8 * M)], got
assert not any("children" in r for r in d), d
' && run 0 diff "$RESHAPE"1.txt "$RESHAPE"2.txt && lacks '^gone' && lacks '^split' &&
	has '^moved  *0x7f0004000000 0x7f0004800000 0x7f0003000000-0x7f0003400000 rw-p anon  *+4.0M  *0 '
}
t_diff_unrelated() {
	run 0 diff "$FULL" "$GUEST/story1.snap" && oneline &&
	has '^vmscope: warning: .*pid 4242 (demo).*pid 170 (vmscope-touch)' stderr &&
	run 0 diff "$GUEST/story1.snap" "$GUEST/mixed.snap" && oneline && has 'unrelated' stderr &&
	run 0 diff -J "$GUEST/story1.snap" "$GUEST/mixed.snap" && oneline &&
	run 0 diff "$GUEST/story2.snap" "$GUEST/story2-child.snap" && [ ! -s "$TMP/stderr" ] &&
	run 0 diff "$RESHAPE"0.txt "$RESHAPE"2.txt && [ ! -s "$TMP/stderr" ] &&
	run 0 diff "$GUEST/mixed.snap" "$GUEST/mixed-proc.snap" && [ ! -s "$TMP/stderr" ]
}
t_map_file() { run 0 map -w 100 --unicode "$FULL" && has 'legend:' && has '^0x7f3a00000000 ' && lacks "$(printf '\033')"; }
t_map_unknown() {
	# The sample's extents cover one VMA: the rest is drawn '?', which the
	# legend explains; a snapshot whose extents cover everything has none.
	run 0 map -w 100 --unicode "$FULL" && has '^legend: .*  ? unknown' &&
	run 0 map -w 100 --ascii "$FULL" && has '^legend: .*  ? unknown' &&
	run 0 map -w 120 --unicode "$DIR/data/guest/mixed.snap" && lacks '?'
}
t_map_color() { run 0 map --color=always "$FULL" && has "$(printf '\033')\\["; }
t_map_no_extents() { run 2 map "$SAMPLE" && has "no extents in $SAMPLE (take it with 'vmscope snap -x')" stderr && oneline; }
t_map_svg() {
	run 0 map --svg "$TMP/m.svg" "$FULL" && [ ! -s "$TMP/stdout" ] &&
	python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$TMP/m.svg"
}
t_map_usage() { run 1 map --color=sometimes "$FULL" && oneline && run 1 map -w 0 "$FULL" && oneline; }

# ---- map layout and the SVG image ----
GUEST=$DIR/data/guest
# widest WIDTH [SKIP]: every line of stdout after the first SKIP (default 1,
# the title line that show, diff and watch share) is at most WIDTH display
# columns wide, colour sequences not counted.
widest() {
	python3 -c 'import re, sys, unicodedata as u
def cols(t):
    t = re.sub("\x1b\\[[0-9;]*m", "", t)
    return sum(0 if u.combining(c) else 2 if u.east_asian_width(c) in "WF" else 1 for c in t)
width, skip = int(sys.argv[2]), int(sys.argv[3])
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")[skip:-1]
bad = [l for l in lines if cols(l) > width]
for l in bad:
    print("wider than %d: %d: %s" % (width, cols(l), l), file=sys.stderr)
sys.exit(1 if bad or not lines else 0)
' "$TMP/stdout" "$1" "${2:-1}"
}
# aligned: the map table of stdout has its columns lined up: every row's
# strip opens under the header's MAP, first rows close it where the next
# header field starts, and names start under NAME.
aligned() {
	python3 -c 'import re, sys
lines = [re.sub("\x1b\\[[0-9;]*m", "", l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")]
h = [i for i, l in enumerate(lines) if l.startswith("START ")][0]
head, rows = lines[h], [l for l in lines[h + 1:] if l]
bar = head.index(" MAP")
after = re.search(r"MAP +(\S)", head)
name = head.index("NAME") if "NAME" in head else None
bad, closes = [], set()
for l in rows:
    if l.index("|") != bar:
        bad.append("strip opens at %d, not %d: %s" % (l.index("|"), bar, l))
    if l.startswith("0x"):
        closes.add(l.index("|", bar + 1))
        if after and l.index("|", bar + 1) != after.start(1) - 2:
            bad.append("strip closes at %d, not %d: %s" % (l.index("|", bar + 1), after.start(1) - 2, l))
        if name is not None and len(l) > name and l[name - 1] != " ":
            bad.append("name not at %d: %s" % (name, l))
if len(closes) != 1:
    bad.append("strips close at %s" % sorted(closes))
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad or not rows else 0)
' "$TMP/stdout"
}
t_map_aligned() {
	for f in story1.snap mixed.snap names.snap; do
		for o in --unicode "--unicode -b" --ascii; do
			# shellcheck disable=SC2086 # $o: one or two options
			run 0 map -w 120 $o "$GUEST/$f" && aligned ||
			{ echo "map -w 120 $o $f" >&2; return 1; }
		done
	done
}
t_map_fits() {
	for w in 60 72 80 100 132 200; do
		for f in "$GUEST/story1.snap" "$GUEST/mixed.snap" "$GUEST/names.snap" "$FULL"; do
			for o in --unicode --ascii -b; do
				run 0 map -w "$w" "$o" "$f" && widest "$w" 0 && aligned ||
				{ echo "map -w $w $o $f" >&2; return 1; }
			done
		done
	done
	COLUMNS=80 run 0 map "$GUEST/names.snap" && widest 80 0
}
t_map_too_narrow() {
	run 1 map -w 20 "$GUEST/story1.snap" && oneline &&
	has 'vmscope: map: 20 columns are too narrow for the map; it needs at least [0-9][0-9]' stderr
}
# A 1 GiB VMA resident but for its last page: the cell holding that page is
# partly resident, in ASCII as in block characters.
partial_snap() {
	cat >"$TMP/partial.txt" <<'EOF'
vmscope version=1 pid=9 comm=p kernel=6 page_size=4096 nodes=0
task vsz=1073741824 rss=1073737728 hugetlb=0
vma start=0x40000000 end=0x80000000 perms=rw-p offset=0x0 dev=00:00 inode=0 kind=anon vsz=1073741824 rss=1073737728 zero=0 swap=0 none=4096 other=0 hugetlb=0 n0=1073737728 name=
ext start=0x40000000 end=0x7ffff000 state=present type=anon map=pte node=0
ext start=0x7ffff000 end=0x80000000 state=none type=anon
end status=complete vmas=1 exts=2
EOF
}
t_map_ascii_partly() {
	partial_snap &&
	run 0 map -w 60 --rows 1 --ascii "$TMP/partial.txt" && has '^0x40000000 .*|###*+ *|' &&
	has '^legend: # present ([-+]* partly)' &&
	run 0 map -w 60 --rows 1 --unicode "$TMP/partial.txt" && has '^0x40000000 .*|███*▇ *|'
}
# A hugetlb VMA: rss excludes hugetlb pages, as in show and format.rst.
huge_snap() {
	cat >"$TMP/huge.txt" <<'EOF'
vmscope version=1 pid=9 comm=h kernel=6 page_size=4096 nodes=0
task vsz=4202496 rss=8192 hugetlb=4194304
vma start=0x400000 end=0x402000 perms=r--p offset=0x0 dev=00:00 inode=0 kind=anon vsz=8192 rss=8192 zero=0 swap=0 none=0 other=0 hugetlb=0 n0=8192 name=
ext start=0x400000 end=0x402000 state=present type=anon map=pte node=0
vma start=0x7f0000000000 end=0x7f0000400000 perms=rw-p offset=0x0 dev=00:10 inode=5 kind=hugetlb vsz=4194304 rss=0 zero=0 swap=0 none=0 other=0 hugetlb=4194304 hpage=2097152 n0=4194304 name=/anon_hugepage\040(deleted)
ext start=0x7f0000000000 end=0x7f0000400000 state=present type=anon map=pmd node=0
end status=complete vmas=2 exts=2
EOF
}
t_map_rss_hugetlb() {
	huge_snap &&
	run 0 show "$TMP/huge.txt" && has '^0x7f0000000000 .* 4.0M  *0 .* 4.0M ' &&
	run 0 map -w 100 --unicode "$TMP/huge.txt" && has '^START .* RSS HUGETLB CELL ' &&
	has '^0x7f0000000000 rw-p hugetlb 4.0M    0    4.0M ' && has '^0x400000 .* 8.0K 8.0K       0 '
}
t_svg_rss_hugetlb() { huge_snap && run 0 map --svg - "$TMP/huge.txt" && has 'rss 0  *hugetlb 4.0M' && lacks 'rss 4.0M'; }
# svgcheck FILE PYTHON: run PYTHON with `svg` the parsed image of FILE.
svgcheck() {
	python3 -c 'import sys, re, xml.dom.minidom as m
svg = m.parse(sys.argv[1]).documentElement
size = len(open(sys.argv[1], "rb").read())
texts = [t.firstChild.data if t.firstChild else "" for t in svg.getElementsByTagName("text")]
def units(s):
    m = re.fullmatch(r"([0-9.]+)([BKMGTPE]?)", s)
    return int(float(m.group(1)) * 1024 ** " KMGTPE".index(m.group(2) or " ") if m.group(2) != "B" else float(m.group(1)))
def bands():
    for g in svg.getElementsByTagName("g"):
        if g.getAttribute("class") == "vma":
            yield g
'"$2" "$1"
}
t_svg_scale() {
	# One scale for every VMA, shown as text: each VMA with something in
	# it is as many cells long as its size needs at that scale.
	for f in story1.snap mixed.snap names.snap; do
		run 0 map --svg "$TMP/s.svg" "$GUEST/$f" && svgcheck "$TMP/s.svg" '
scale = [t for t in texts if t.startswith("scale: one cell (")]
assert scale, "no visible scale"
px, cell = re.match(r"scale: one cell \(([0-9]+) px\) = ([0-9.]+[BKMGTPE]?)[,;]", scale[0]).groups()
px, cell = int(px), units(cell)
n = 0
for g in bands():
    if g.getAttribute("data-vsz") == "" or g.getAttribute("data-short"):
        continue
    vsz = int(g.getAttribute("data-vsz"))
    w = sum(int(r.getAttribute("width")) for r in g.getElementsByTagName("rect"))
    want = -(-vsz // cell) * px
    assert w == want, (g.getAttribute("data-start"), vsz, w, want)
    n += 1
assert n >= 5, n
' || { echo "$f" >&2; return 1; }
	done
}
t_svg_names() {
	name='/usr/lib/x86_64-linux-gnu/some/rather/deep/directory/tree/of/the/distribution/libstdc++.so.6.0.30'
	sed "s|name=/vmscope/vmscope-touch|name=$name|" "$GUEST/story1.snap" >"$TMP/long.txt" &&
	run 0 map --svg "$TMP/s.svg" "$TMP/long.txt" && svgcheck "$TMP/s.svg" '
labels = [g.getElementsByTagName("text")[0] for g in bands()]
assert labels
x = min(int(r.getAttribute("x")) for g in bands() for r in g.getElementsByTagName("rect"))
for t in labels:
    s = t.firstChild.data
    # monospace at 11px: 0.6em a character at most
    assert int(t.getAttribute("x")) + len(s) * 6.6 <= x, ("label overlaps the strip", s)
long = [t.firstChild.data for t in labels if "libstdc++" in t.firstChild.data]
assert long, "name lost"
for s in long:
    assert re.search(r" /usr/lib/\S*\u2026\S*/libstdc\+\+\.so\.6\.0\.30$", s), s
'
}
many_snap() {
	python3 -c 'import sys
n = int(sys.argv[1])
out = ["vmscope version=1 pid=9 comm=many kernel=6 page_size=4096 nodes=0",
       "task vsz=%d rss=%d hugetlb=0" % (n * 8192, n * 4096)]
for i in range(n):
    s = 0x7f0000000000 + i * 0x3000
    out.append("vma start=0x%x end=0x%x perms=rw-p offset=0x0 dev=00:00 inode=0 kind=anon vsz=8192 rss=4096 zero=0 swap=0 none=4096 other=0 hugetlb=0 n0=4096 name=" % (s, s + 8192))
    out.append("ext start=0x%x end=0x%x state=present type=anon map=pte node=0" % (s, s + 4096))
    out.append("ext start=0x%x end=0x%x state=none type=anon" % (s + 4096, s + 8192))
out.append("end status=complete vmas=%d exts=%d" % (n, 2 * n))
open(sys.argv[2], "w").write("\n".join(out) + "\n")
' "$1" "$TMP/many.txt"
}
t_svg_bounded() {
	many_snap 65000 && run 0 map --svg "$TMP/s.svg" "$TMP/many.txt" && svgcheck "$TMP/s.svg" '
h = int(svg.getAttribute("height"))
assert size < 1000000, ("bytes", size)
assert h <= 8000, ("height", h)
assert any("65000 VMAs" in t and "aggregated" in t for t in texts), "no note on aggregation"
px, cell = re.search(r"scale: one cell \(([0-9]+) px\) = ([0-9.]+[BKMGTPE]?)[,;]", " ".join(texts)).groups()
px, cell = int(px), units(cell)
b = list(bands())
assert len(b) <= 200, len(b)
assert sum(int(g.getAttribute("data-vmas") or 1) for g in b) == 65000
for g in b:
    w = sum(int(r.getAttribute("width")) for r in g.getElementsByTagName("rect"))
    assert w == -(-int(g.getAttribute("data-vsz")) // cell) * px, "aggregated, still to scale"
'
}
t_svg_proc_thp() {
	huge_snap &&
	sed -e '1s/$/ source=proc/' -e 's/ node=0$//' -e 's/kind=hugetlb/kind=anon/' \
	    -e 's/rss=0 \(.*\)hugetlb=4194304 hpage=2097152/rss=4194304 \1hugetlb=0 hpage=4096/' \
	    "$TMP/huge.txt" >"$TMP/thp.txt" &&
	run 0 map --svg "$TMP/s.svg" "$TMP/thp.txt" && svgcheck "$TMP/s.svg" '
fills = {}
for g in bands():
    fills[g.getAttribute("data-start")] = {r.getAttribute("fill") for r in g.getElementsByTagName("rect")}
thp, pte = fills["0x7f0000000000"], fills["0x400000"]
assert len(thp) == 1 and len(pte) == 1 and thp != pte, (thp, pte)
legend = svg.getElementsByTagName("rect")
names = {}
for r in legend:
    t = r.nextSibling
    if t is not None and t.nodeName == "text" and t.firstChild:
        names[r.getAttribute("fill")] = t.firstChild.data
assert "huge" in names.get(thp.pop(), ""), names
'
}
t_watch_usage() {
	run 1 watch && oneline && run 1 watch -i 0 1 && oneline && run 1 watch -n x 1 && oneline &&
	run 1 watch abc && oneline
}
# PID 0 is a number that names no process, like 999999999: a target error
t_pid_zero() {
	for c in show snap watch map check; do
		run 2 "$c" 0 && has '^vmscope: no such process: 0$' stderr && oneline || return 1
	done
	run 2 diff "$SAMPLE" 0 && has '^vmscope: no such process: 0$' stderr && oneline &&
	run 2 snap 99999999999 && has '^vmscope: no such process: 99999999999$' stderr && oneline &&
	run 2 show 99999999999 && has '^vmscope: no such process: 99999999999$' stderr && oneline &&
	run 1 snap 12x && has 'invalid PID: 12x' stderr && oneline
}
# closed_pipe ARGS...: vmscope with SIGPIPE ignored, writing to a pipe whose
# reader has gone, as after `| head` when the shell ignores SIGPIPE: exit 0,
# nothing on stderr (within 10 s, also for watch)
closed_pipe() {
	python3 - "$BIN" "$@" <<'PY'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE, restore_signals=False,
                   timeout=10)
assert p.returncode == 0 and not p.stderr, (p.returncode, p.stderr)
PY
}
t_closed_pipe() {
	start_sleeper
	closed_pipe show "$FULL" && closed_pipe show -J "$FULL" && closed_pipe diff "$SAMPLE" "$FULL" &&
	closed_pipe map -w 100 "$FULL" && closed_pipe --version && closed_pipe show --help &&
	closed_pipe watch --source=proc -i 0.1 "$sleeper"
	rc=$?
	kill "$sleeper"
	return $rc
}
t_check_usage() { run 1 check && oneline && run 1 check --source=proc 1 && oneline; }
t_check_no_module() {
	[ -e /proc/vmscope ] && return 0
	run 2 check $$ && has '^vmscope: module not loaded' stderr && oneline
}
t_source_bad() { run 1 show --source=kernel "$FULL" && oneline && run 1 --source=x show "$FULL" && oneline; }

# ---- live processes through /proc (no module needed) ----
start_sleeper() {
	sleep 30 &
	sleeper=$!
}
t_proc_top() {
	start_sleeper
	# The row names the command: wait for the exec.
	i=0
	while [ "$(cat /proc/$sleeper/comm 2>/dev/null)" != sleep ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	run 0 top --source=proc -b -p "$sleeper,4194303" -o pid,command,rss,vmas &&
	has "^ *$sleeper sleep  *[0-9][0-9]*  *[0-9][0-9]*\$" && has '^ *total ' &&
	has 'without the module' stderr && has 'pid 4194303 not reported: no such process' stderr &&
	run 0 --source=proc top -J -q -C sleep && json_ok && has "\"pid\": $sleeper" &&
	# its cgroup v2 path, as /proc/PID/cgroup's "0::" line gives it
	cg=$(sed -n 's/^0:://p' /proc/$sleeper/cgroup) &&
	run 0 top --source=proc -r -p "$sleeper" -o pid,cgroup && has "^$sleeper $cg\$" &&
	run 0 top --source=proc -r -p "$sleeper" --cgroup "$cg" -o pid && has "^$sleeper\$" &&
	run 0 top --source=proc -r -p "$sleeper" --cgroup /nonexistent/x -o pid && lacks "^$sleeper\$" &&
	# a node column per node with memory (node 0 without NUMA); on one
	# node, that node holds all that is resident
	nodes=$(python3 -c 'import sys
try:
    s = open("/sys/devices/system/node/has_memory").read().strip()
except OSError:
    s = "0"
n = []
for r in s.split(","):
    a, _, b = r.partition("-")
    n += range(int(a), int(b or a) + 1)
print(" ".join("N%d" % i for i in n))') &&
	run 0 top --source=proc -b -r -q -p "$sleeper" -o pid,rss,hugetlb,n &&
	has "^PID RSS HUGETLB $nodes\$" &&
	{ [ "$(echo "$nodes" | wc -w)" -gt 1 ] ||
	  awk 'NR == 2 && $4 == $2 + $3 && $4 > 0 { ok = 1 } END { exit !ok }' "$TMP/stdout"; }
	rc=$?
	kill "$sleeper"
	return $rc
}
t_proc_show() {
	start_sleeper
	run 0 show --source=proc "$sleeper" && has "^pid $sleeper (sleep)  kernel .*  source proc  VSZ" &&
	has '\[stack\]' && has '^START.* FILE  *SHMEM ' && run 0 --source=proc snap -x "$sleeper" &&
	has ' source=proc' && has '^ext start=' && has '^end status=complete' &&
	run 0 show -J --source=proc "$sleeper" && json_ok &&
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert d["source"] == "proc" and d["comm"] == "sleep" and d["pid"] == int(sys.argv[2]), d
assert d["task"]["rss"] == sum(v["rss"] for v in d["vmas"]), d["task"]
' "$TMP/stdout" "$sleeper"
	rc=$?
	kill "$sleeper"
	return $rc
}
t_proc_diff_pids() {
	start_sleeper
	run 0 diff --source=proc "$sleeper" "$sleeper" && has "pid $sleeper (sleep)  +[0-9.]*s  source proc"
	rc=$?
	kill "$sleeper"
	return $rc
}
t_proc_map() {
	start_sleeper
	run 0 map --source=proc -w 100 --ascii "$sleeper" && has '\[stack\]'
	rc=$?
	kill "$sleeper"
	return $rc
}
t_proc_watch() {
	start_sleeper
	run 0 watch --source=proc -i 0.1 -n 2 "$sleeper" && [ "$(grep -c 'VMAs changed' "$TMP/stdout")" -eq 2 ]
	rc=$?
	kill "$sleeper"
	return $rc
}
t_watch_sigint() {
	start_sleeper
	"$BIN" watch --source=proc -i 0.2 "$sleeper" >"$TMP/stdout" 2>"$TMP/stderr" &
	w=$!
	sleep 0.7
	kill -INT "$w"
	wait "$w"
	rc=$?
	kill "$sleeper"
	[ "$rc" -eq 0 ] && [ ! -s "$TMP/stderr" ] || { echo "watch exited $rc" >&2; cat "$TMP/stderr" >&2; return 1; }
}
# The same steps on a live process (tests/reshape.c) through /proc.
# wait_line FILE PATTERN: until a line of FILE matches (5 s at most)
wait_line() {
	i=0
	until grep -q "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 100 ] || { echo "timed out waiting for '$2' in $1" >&2; return 1; }
		sleep 0.05
	done
}
proc_reshape() {
	"$RESHAPER" >"$TMP/reshape.out" 2>&1 &
	reshaper=$!
	wait_line "$TMP/reshape.out" '^ready ' || return 1
	# shellcheck disable=SC2046 # the words of the ready line
	set -- $(cat "$TMP/reshape.out")
	x=$(($3)) m=$(($4)) r=$(($5)) M=1048576
	run 0 snap --source=proc "$reshaper" -o "$TMP/r0" && kill -USR1 "$reshaper" &&
	wait_line "$TMP/reshape.out" '^split' && run 0 snap --source=proc "$reshaper" -o "$TMP/r1" &&
	kill -USR1 "$reshaper" && wait_line "$TMP/reshape.out" '^moved' &&
	run 0 snap --source=proc "$reshaper" -o "$TMP/r2" &&
	run 0 diff -J -b "$TMP/r0" "$TMP/r1" && pyjson "
x, M = $x, $M
s = [r for r in d if r['start'] == hex(x)]
assert len(s) == 1 and s[0]['status'] == 'split' and s[0]['end'] == hex(x + 40 * M), d
got = [(c['status'], c['start'], c['end'], c['perm'], c['vsz'], c['rss'])
       for c in s[0]['children']]
assert got == [('now', hex(x), hex(x + 18 * M), 'rw-p', 18 * M, 18 * M),
               ('now', hex(x + 18 * M), hex(x + 22 * M), 'r--p', 4 * M, 4 * M),
               ('now', hex(x + 22 * M), hex(x + 40 * M), 'rw-p', 18 * M, 8 * M)], got
" && run 0 diff -J -b "$TMP/r1" "$TMP/r2" && pyjson "
m, r, M = $m, $r, $M
got = [(e['status'], e['start'], e['end'], e['was'], e['perm'], e['vsz'], e['rss'])
       for e in d if e['status'] != 'total' and r <= int(e['start'], 16) < r + 64 * M]
assert got == [('moved', hex(r), hex(r + 8 * M), '%#x-%#x' % (m, m + 4 * M), 'rw-p', 4 * M, 0),
               ('shrunk', hex(r + 8 * M), hex(r + 64 * M), '%#x-%#x' % (r, r + 64 * M),
                '---p', -8 * M, 0)], got
assert not [e for e in d if e['status'] in ('gone', 'split')], d
" && [ ! -s "$TMP/stderr" ]
}
t_proc_reshape() {
	reshaper=
	proc_reshape
	rc=$?
	[ -z "$reshaper" ] || kill "$reshaper"
	return $rc
}
t_proc_gone() { run 2 show --source=proc 999999999 && has '^vmscope: no such process: 999999999$' stderr && oneline; }
# A kernel thread: flags has PF_KTHREAD (0x00200000); none in a PID namespace
kthread() {
	for f in /proc/[0-9]*/stat; do
		awk '{ sub(/^.*\) /, ""); if (int($7 / 2097152) % 2) { exit 0 } exit 1 }' "$f" 2>/dev/null &&
		{ p=${f#/proc/}; echo "${p%/stat}"; return 0; }
	done
	return 1
}
t_proc_kthread() {
	k=$(kthread) || return 0	# no kernel thread visible: nothing to test
	comm=$(cat /proc/$k/comm)
	run 2 show --source=proc "$k" &&
	has "^vmscope: pid $k ($comm) is a kernel thread: no user address space\$" stderr && oneline &&
	run 2 snap --source=proc "$k" && has "is a kernel thread" stderr && oneline
}
t_proc_zombie() {
	# sh forks a short sleep and becomes a long one, which never reaps it
	sh -c 'sleep 0.01 & exec sleep 30' &
	parent=$!
	z=""
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		for f in /proc/[0-9]*/stat; do
			awk -v pp="$parent" '{ sub(/^.*\) /, ""); exit !($1 == "Z" && $2 == pp) }' "$f" 2>/dev/null &&
			{ z=${f#/proc/}; z=${z%/stat}; break; }
		done
		[ -n "$z" ] && break
		sleep 0.1
	done
	[ -n "$z" ] && run 2 show --source=proc "$z" &&
	has "^vmscope: pid $z (sleep) has exited (a zombie): no address space\$" stderr && oneline
	rc=$?
	kill "$parent"
	return $rc
}
t_proc_denied() {
	[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null || return 0
	start_sleeper
	setpriv --reuid=65534 --regid=65534 --clear-groups "$BIN" show --source=proc "$sleeper" \
		>"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	kill "$sleeper"
	[ $rc -eq 2 ] && has "^vmscope: permission denied: pid $sleeper (sleep): reading its /proc files needs ptrace access; run as its user or as root\$" stderr &&
	oneline
}
t_fake_kthread() {
	k=$(kthread) || return 0
	fake "$SAMPLE" VMSCOPE_FAKE_WRITE_ERRNO=3 "$BIN" show "$k" >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has "^vmscope: pid $k (.*) is a kernel thread: no user address space\$" stderr && oneline
}
t_fake_check_disagree() {
	# The fake module serves the sample report; /proc describes the sleeper.
	start_sleeper
	fake "$FULL" "$BIN" check --stop "$sleeper" >"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	state=$(awk '{ print $3 }' /proc/$sleeper/stat)
	kill "$sleeper"
	[ "$rc" -eq 3 ] && has 'only in the module report' && has 'disagreements' && [ "$state" != T ] ||
	{ echo "rc $rc state $state" >&2; cat "$TMP/stderr" >&2; return 1; }
}

# ---- the /proc source on vmscope-touch targets ----
TOUCH=$(dirname "$BIN")/vmscope-touch
# unpriv CMD...: CMD as nobody when root (no kpageflags, no frame numbers)
unpriv() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}
# start_touch MIB [RUNNER]: vmscope-touch MIB in the background, talked to
# through fd 4; sets touch_pid and touch_addr (its malloc()ed block)
start_touch() {
	mib=$1
	shift
	rm -f "$TMP/touch.fifo"
	mkfifo "$TMP/touch.fifo" || return 1
	"$@" "$TOUCH" "$mib" >"$TMP/touch.fifo" &
	touch_pid=$!
	exec 4<"$TMP/touch.fifo"
	read -r word touch_pid touch_addr <&4 && [ "$word" = ready ] ||
	{ echo "vmscope-touch did not start" >&2; return 1; }
}
# touch_tell SIGNAL REPLY: signal the target, wait for its reply line
touch_tell() {
	kill -"$1" "$touch_pid" && read -r line <&4 && [ "$line" = "$2" ] ||
	{ echo "vmscope-touch: '$line', expected '$2'" >&2; return 1; }
}
stop_touch() {
	kill "$touch_pid" 2>/dev/null
	wait "$touch_pid" 2>/dev/null
	exec 4<&-
	return 0
}
# ext_agree FILE [ADDR STATE BYTES]: in the report FILE, the extents of
# every VMA that has them tile it and add up, state by state, to its
# figures (present = rss + hugetlb; unknown stands for either present or
# zero); with ADDR, the VMA holding it has at least BYTES in STATE.
ext_agree() {
	python3 - "$@" <<'EOF'
import sys
recs = [l.split() for l in open(sys.argv[1])]
want = sys.argv[2:]
def kv(r):
    return dict(t.split("=", 1) for t in r[1:] if "=" in t)
vmas = []
for r in recs:
    if r and r[0] == "vma":
        vmas.append((kv(r), []))
    elif r and r[0] == "ext":
        vmas[-1][1].append(kv(r))
bad = []
found = not want
for v, exts in vmas:
    s, e = int(v["start"], 16), int(v["end"], 16)
    got = {}
    at = s
    for x in exts:
        xs, xe = int(x["start"], 16), int(x["end"], 16)
        if xs != at or xe <= xs or xe > e:
            bad.append("%s: extents do not tile it at %x" % (v["start"], at))
            break
        got[x["state"]] = got.get(x["state"], 0) + xe - xs
        at = xe
    if exts and at != e:
        bad.append("%s: extents end at %x" % (v["start"], at))
    if want and s <= int(want[0], 16) < e:
        found = got.get(want[1], 0) >= int(want[2])
        if not found:
            bad.append("%s: %s extents %d < %s" % (v["start"], want[1], got.get(want[1], 0), want[2]))
    if not exts:
        continue
    if "zero" not in v:    # no figures from pagemap: nothing can be classified
        if set(got) != {"unknown"}:
            bad.append("%s: extents %s without figures" % (v["start"], got))
        continue
    fig = lambda k: int(v.get(k, 0))
    res = fig("rss") + fig("hugetlb")
    g = lambda k: got.get(k, 0)
    for k in ("swap", "none", "other"):
        if g(k) != fig(k):
            bad.append("%s: %s extents %d, figure %d" % (v["start"], k, g(k), fig(k)))
    if not (g("present") <= res and g("zero") <= fig("zero") and
            g("present") + g("zero") + g("unknown") == res + fig("zero")):
        bad.append("%s: present/zero/unknown extents %d/%d/%d, rss+hugetlb %d, zero %d" %
                   (v["start"], g("present"), g("zero"), g("unknown"), res, fig("zero")))
for b in bad:
    print(b, file=sys.stderr)
sys.exit(0 if found and not bad else 1)
EOF
}
# smaps_rss PID ADDR: the Rss (kB) of the VMA of PID holding ADDR
smaps_rss() {
	python3 - "$@" <<'EOF'
import sys
a, rss = int(sys.argv[2], 16), None
for l in open("/proc/%s/smaps" % sys.argv[1]):
    f = l.split()
    if "-" in f[0] and not f[0].endswith(":"):
        s, e = (int(x, 16) for x in f[0].split("-"))
        inside = s <= a < e
    elif f[0] == "Rss:" and inside:
        rss = f[1]
print(rss)
EOF
}
# 8 MiB read, never written, by RUNNER: zero pages (unless the kernel maps
# none, as with pvm_no_zero_page=1: then smaps says they are resident) in
# the extents, the figures and the map, which all agree.
zero_agree() {
	start_touch 8 "$@" && touch_tell HUP 'read 8' &&
	rss=$(smaps_rss "$touch_pid" "$touch_addr") &&
	"$@" "$BIN" snap -x --source=proc "$touch_pid" >"$TMP/stdout" 2>"$TMP/stderr" &&
	if [ "$rss" -lt 4096 ]; then
		ext_agree "$TMP/stdout" "$touch_addr" zero $((8 * 1048576 - 4096)) &&
		"$@" "$BIN" map --source=proc -w 100 --unicode "$touch_pid" >"$TMP/stdout" 2>"$TMP/stderr" &&
		has '░░░░░░░░'
	else
		ext_agree "$TMP/stdout" "$touch_addr" present $((8 * 1048576))
	fi
	rc=$?
	stop_touch
	return $rc
}
t_proc_zero() { zero_agree; }
t_proc_zero_unpriv() { zero_agree unpriv; }
# A target killed when the /proc source first touches a path with ON.
exit_during() {
	start_touch 8 || return 1
	fake "$SAMPLE" VMSCOPE_FAKE_KILL_PID="$touch_pid" VMSCOPE_FAKE_KILL_ON="$1" \
	     "$BIN" snap -x --source=proc "$touch_pid" -o "$TMP/p.txt" >"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	stop_touch
	[ "$rc" -eq 2 ] && oneline &&
	has "^vmscope: partial report for pid $touch_pid (reason: exited); not written\$" stderr &&
	[ ! -e "$TMP/p.txt" ]
}
t_proc_exit_scan() { exit_during /map_files/; }
t_proc_exit_task() { exit_during /smaps_rollup; }
t_proc_exit_show() {
	start_touch 8 || return 1
	fake "$SAMPLE" VMSCOPE_FAKE_KILL_PID="$touch_pid" VMSCOPE_FAKE_KILL_ON=/map_files/ \
	     "$BIN" show --source=proc "$touch_pid" >"$TMP/stdout" 2>"$TMP/stderr"
	rc=$?
	stop_touch
	[ "$rc" -eq 0 ] && has "^vmscope: warning: partial snapshot: pid $touch_pid (reason: exited)" stderr
}
# start_py SCRIPT: python3 running SCRIPT, which prints "ready PID ADDR..."
# and sleeps; sets py_pid and py_addrs
start_py() {
	rm -f "$TMP/py.fifo"
	mkfifo "$TMP/py.fifo" || return 1
	python3 -c "$1" >"$TMP/py.fifo" &
	exec 5<"$TMP/py.fifo"
	read -r word py_pid py_addrs <&5 && [ "$word" = ready ] ||
	{ echo "python3 target did not start" >&2; return 1; }
}
stop_py() {
	kill "$py_pid" 2>/dev/null
	wait "$py_pid" 2>/dev/null
	exec 5<&-
	return 0
}
# Shared anonymous memory (shmem), a private THP region (written after
# MADV_HUGEPAGE) and python's own file mappings.
MIXED_PY='
import ctypes, mmap, os, time
sh = mmap.mmap(-1, 4 << 20, flags=mmap.MAP_SHARED | mmap.MAP_ANONYMOUS)
sh.write(b"s" * (4 << 20))
th = mmap.mmap(-1, 16 << 20, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
th.madvise(mmap.MADV_HUGEPAGE)
th.write(b"t" * (16 << 20))
addr = lambda m: hex(ctypes.addressof(ctypes.c_char.from_buffer(m)))
print("ready", os.getpid(), addr(sh), addr(th), flush=True)
time.sleep(60)
'
# vma_check FILE PY: python expression PY over each vma record v (a dict
# of ints where numeric) and its extents x (list of dicts) must hold for
# every VMA; "a" is the list of addresses the target printed
vma_check() {
	python3 - "$1" "$2" $py_addrs <<'EOF'
import sys
recs = [l.split() for l in open(sys.argv[1])]
a = [int(x, 16) for x in sys.argv[3:]]
def kv(r):
    d = dict(t.split("=", 1) for t in r[1:] if "=" in t)
    for k in d:
        try:
            d[k] = int(d[k], 0)
        except ValueError:
            pass
    return d
vmas = []
for r in recs:
    if r and r[0] == "vma":
        vmas.append((kv(r), []))
    elif r and r[0] == "ext":
        vmas[-1][1].append(kv(r))
ok = True
for v, x in vmas:
    holds = lambda addr: v["start"] <= addr < v["end"]
    size = lambda **kw: sum(e["end"] - e["start"] for e in x
                            if all(e.get(k) == w for k, w in kw.items()))
    if not eval("(" + sys.argv[2] + ")"):
        print("fails for", {k: v[k] for k in v if k != "name"}, x, file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
EOF
}
# FILE and SHMEM from the mapping kind; extents typed the same way.
t_proc_file_shmem() {
	start_py "$MIXED_PY" &&
	run 0 snap -x --source=proc "$py_pid" &&
	vma_check "$TMP/stdout" 'v["file"] + v["shmem"] + v["anon"] == v["rss"] and
(v["shmem"] == 0 or v["kind"] == "shmem") and
(v["file"] == 0 or v["kind"] not in ("shmem", "anon", "heap", "stack")) and
(not holds(a[0]) or (v["kind"] == "shmem" and v["shmem"] == 4 << 20 and
 size(state="present", type="shmem") == 4 << 20)) and
(v["kind"] != "file" or size(state="present", type="file") == v["file"])'
	rc=$?
	stop_py
	return $rc
}
# THP from PAGEMAP_SCAN (or kpageflags): PMD-mapped extents are smaps'
# THP, drawn as huge pages; present extents carry the node.
t_proc_thp_nodes() {
	start_py "$MIXED_PY" &&
	run 0 snap -x --source=proc "$py_pid" &&
	vma_check "$TMP/stdout" 'size(state="present", map="pmd") == v["thp"] and
(not holds(a[1]) or v["thp"] > 0 or "[never]" in open("/sys/kernel/mm/transparent_hugepage/enabled").read()) and
(sum(1 for k in v if k[0] == "n" and k[1:].isdigit()) != 1 or
 all(e.get("node") is not None for e in x if e["state"] == "present"))' &&
	run 0 map --source=proc -w 100 --unicode "$py_pid" && has '▓▓▓'
	rc=$?
	stop_py
	return $rc
}

ok "--version" t_version
ok "show --help" t_help
ok "mutually exclusive options: one line naming both" t_exclusive
ok "show FILE: header line, table, escaped name, totals, no empty columns" t_table
ok "show -b: exact bytes" t_bytes
ok "show -J: valid JSON, numbers, unescaped name" t_json
ok "show -J on a full report: new keys become fields" t_json_full
ok "show -J: the header (pid, comm, kernel, source, time, task totals)" t_json_header
ok "show -J, diff -J: bytes that are not UTF-8 as their code points" t_json_latin1
ok "show on a full report: size, node and order columns appear" t_full_columns
ok "show -r: raw, no header line, no totals" t_raw
ok "show -o: chosen columns only, case-insensitive" t_output
ok "show -r, diff -r: no empty fields" t_raw_fields
ok "show: an absent nK or oK is 0 where the family is known" t_family_zero
ok "show -o COL the snapshot lacks: a warning" t_absent_column
ok "show -o +COL: adds to the defaults" t_output_plus
ok "show -o policy: numa_maps' text, unescaped (a blank in 'weighted interleave')" t_policy_unescaped
ok "show -o numa: the preset, nodes as the snapshot has them, policy and misplaced" t_preset_numa
ok "show -o with an absent key: null in JSON" t_output_absent
ok "show -o bogus: usage error" t_bad_column
ok "show --sort VSZ" t_sort
ok "show --sort -VSZ: descending" t_sort_desc
ok "show --sort nope: usage error" t_sort_bad
ok "show -: standard input" t_stdin
ok "show without argument reads a pipe" t_stdin_implicit
ok "show FIFO" t_fifo
ok "show a file that is not a snapshot" t_not_snapshot
ok "show a missing file" t_missing_file
ok "show a truncated snapshot" t_truncated
ok "show a partial snapshot: warning" t_partial
ok "show PID without the module" t_live_no_module
ok "snap without the module: nothing written" t_snap_no_module
ok "snap usage errors" t_snap_usage
ok "unknown option" t_bad_option
ok "missing option argument" t_missing_arg
ok "--json=ARG: the option takes no argument" t_option_with_arg
ok "unknown command" t_unknown_cmd
ok "every command has --help" t_help_all
ok "--list-columns and -o help" t_list_columns
ok "diff FILE FILE: nothing changed" t_diff_same
ok "show, diff: the header line agrees with the rows (task record from another read)" t_header_rows_agree
ok "diff --all: every row" t_diff_all
ok "diff -J: one top-level key, numbers, totals row last" t_diff_json
ok "diff - FILE: standard input" t_diff_stdin
ok "diff usage errors" t_diff_usage
ok "diff with a file that is not a snapshot" t_diff_bad_file
ok "diff: N of M counts VMAs, not rows; --all does not count same ones" t_diff_count
ok "diff: an mprotect split shows its pieces with their figures" t_diff_split
ok "diff: a merge shows the parts it was made of" t_diff_merge
ok "diff: mremap into a PROT_NONE reservation: moved and the reservation shrunk" t_diff_reservation
ok "diff: snapshots of unrelated processes: one-line warning, status 0" t_diff_unrelated
ok "map FILE: legend, strips, plain when not a terminal" t_map_file
ok "map: '?' cells, and only they, in the legend" t_map_unknown
ok "map --color=always" t_map_color
ok "map without extents: one-line error" t_map_no_extents
ok "map --svg FILE: well-formed XML" t_map_svg
ok "map usage errors" t_map_usage
ok "map: columns line up (-b, ASCII, continuation rows)" t_map_aligned
ok "map -w N: every line fits N columns, the title's too" t_map_fits
ok "map -w 20: too narrow, one line says why" t_map_too_narrow
ok "map --ascii: a partly resident cell is not drawn full" t_map_ascii_partly
ok "map: RSS without hugetlb, as show has it" t_map_rss_hugetlb
ok "map --svg: RSS without hugetlb" t_svg_rss_hugetlb
ok "map --svg: one visible scale, bars proportional" t_svg_scale
ok "map --svg: long names kept readable" t_svg_names
ok "map --svg: 65000 VMAs give a bounded picture" t_svg_bounded
ok "map --svg: THP coloured in proc mode" t_svg_proc_thp
ok "watch usage errors" t_watch_usage
ok "check usage errors" t_check_usage
ok "PID 0: no such process, exit 2" t_pid_zero
ok "a closed pipe ends output quietly, exit 0" t_closed_pipe
ok "check without the module" t_check_no_module
ok "--source with a bad word" t_source_bad
ok "--source=proc: show and snap -x of a live process" t_proc_show
ok "--source=proc: diff PID PID" t_proc_diff_pids
ok "--source=proc: map PID" t_proc_map
ok "watch -n 2: two diffs" t_proc_watch
ok "watch: SIGINT exits 0" t_watch_sigint
ok "--source=proc: no such process" t_proc_gone
ok "--source=proc: top -p, -C; node columns" t_proc_top
ok "--source=proc: diff of a live mprotect split and an mremap into a reservation" t_proc_reshape
ok "--source=proc: zero pages are zero in extents, figures and map" t_proc_zero
ok "--source=proc without privileges: zero pages are zero, extents agree" t_proc_zero_unpriv
ok "--source=proc: FILE and SHMEM by the kind of mapping, extents typed alike" t_proc_file_shmem
ok "--source=proc: THP extents PMD-mapped as smaps counts, drawn huge; nodes" t_proc_thp_nodes
ok "--source=proc: a kernel thread is named as one, exit 2" t_proc_kthread
ok "--source=proc: a zombie has no address space, exit 2" t_proc_zombie
ok "--source=proc: permission denied names the PID and a remedy" t_proc_denied
TOP=$DIR/data/top.txt
TOPCOLS=pid,command,rss,pss,uss,swap,zero,thp,hugetlb,pgtables,vmas,oom_score_adj
t_fake_top() {
	rm -f "$TMP/req"
	fake "$TOP" "$BIN" top -b -o $TOPCOLS >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(cat "$TMP/req")" = "* summary" ] &&
	# Sorted by PSS, descending; the totals row sums the columns, not oom_score_adj.
	[ "$(awk 'NR > 1 { print $1 }' "$TMP/stdout" | tr '\n' ' ')" = "103 101 104 total " ] &&
	has '^ *103 beta  *81920  *61440  *40960  *0  *0  *2097152  *2097152  *8192  *30  *0$' &&
	has '^ *101 alpha  *40960  *20480  *12288  *8192  *4096  *0  *0  *16384  *12  *-500$' &&
	has '^ *total  *286720  *92160  *57344  *12288  *4096  *2097152  *2097152  *28672  *47 *$' &&
	has 'vmscope: warning: top: 2 processes not reported (1 permission denied, 1 exited, 0 other)' stderr
}
PROMTOOL=${VMSCOPE_CACHE:-/var/cache/vmscope}/bin/promtool
[ -x "$PROMTOOL" ] || PROMTOOL=$(command -v promtool || echo "promtool-missing")
t_fake_export() {
	rm -f "$TMP/req"
	sed 's/^\(vmscope .*pid=103\) comm=beta /\1 comm=we\\134ird\\040"x" /' "$TOP" >"$TMP/top.txt" &&
	grep -q 'comm=we\\134ird' "$TMP/top.txt" &&
	fake "$TMP/top.txt" "$BIN" export --per-process >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(cat "$TMP/req")" = "* summary" ] &&
	{ "$PROMTOOL" check metrics <"$TMP/stdout" ||
	  { echo "promtool check metrics failed (scripts/deps caches promtool)" >&2; false; }; } &&
	has '^# TYPE vmscope_cgroup_pss_bytes gauge$' &&
	has '^vmscope_comm_processes{comm="alpha"} 2$' &&
	has '^vmscope_comm_pss_bytes{comm="alpha"} 30720$' &&
	has '^vmscope_comm_pss_bytes{comm="we\\\\ird \\"x\\""} 61440$' &&
	has '^vmscope_process_rss_bytes{pid="101",comm="alpha",user="[^"]*",cgroup="[^"]*"} 40960$' &&
	has 'vmscope: warning: export: 2 processes not reported' stderr &&
	has '^# TYPE vmscope_cgroup_node_resident_bytes gauge$' &&
	[ "$(grep '^vmscope_comm_node_resident_bytes{comm="alpha"' "$TMP/stdout")" = \
	  "$(node_expect prom "$TOP" comm | grep 'comm="alpha"')" ] &&
	[ "$(grep '^vmscope_process_node_resident_bytes' "$TMP/stdout" | sed 's/cgroup="[^"]*"/cgroup=X/' |
	     grep -v 'pid="103"')" = "$(node_expect prom "$TOP" process | grep -v 'pid="103"')" ] &&
	# the cgroups' series add up to every process's, node by node
	[ "$(awk -F'node="' '/^vmscope_cgroup_node_resident_bytes/ { split($2, a, "\"} "); s[a[1]] += a[2] }
	     END { for (n in s) print "n" n, s[n] }' "$TMP/stdout" | sort | tr '\n' ' ')" = \
	  "$(node_expect total "$TOP" | awk '{ for (i = 2; i <= NF; i++) print "n" i - 2, $i }' | sort | tr '\n' ' ')" ] &&
	fake "$TOP" "$BIN" export -q >"$TMP/stdout" 2>"$TMP/stderr" &&
	lacks vmscope_process_ && [ ! -s "$TMP/stderr" ] &&
	run 1 export --bogus && oneline
}
TOPVMAS=$DIR/data/top-vmas.txt
t_fake_top_mapping() {
	rm -f "$TMP/req"
	fake "$TOPVMAS" "$BIN" top --by mapping -b -r -q -o mapping,procs,vmas,rss,pss,uss,swap \
		>"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(cat "$TMP/req")" = "* summary vmas" ] &&
	has '^MAPPING PROCS VMAS RSS PSS USS SWAP$' &&
	has '^/usr/lib/x86_64-linux-gnu/libc.so.6 2 3 20480 10240 0 0$' &&
	has '^\[anon\] 2 2 12288 12288 12288 4096$' &&
	has '^\[heap\] 1 1 4096 4096 4096 0$' &&
	# sorted by PSS; the sums over mappings are the processes' own
	[ "$(awk 'NR > 1 { print $1 }' "$TMP/stdout" | tr '\n' ' ')" = "[anon] /usr/lib/x86_64-linux-gnu/libc.so.6 [heap] " ] &&
	fake "$TOPVMAS" "$BIN" top --by mapping -b -q -o mapping,procs,rss,pss >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^ *total  *36864  *26624$' &&
	rm -f "$TMP/req" &&
	fake "$TOPVMAS" "$BIN" top --by mapping -p 201,202 -q -o mapping >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(cat "$TMP/req")" = "201,202 summary vmas" ] &&
	run 1 top --by nope && has 'cgroup or mapping' stderr
}
t_fake_top_interval() {
	fake "$TOP" "$BIN" top -q -r -o pid,pss -i 0.1 --count 3 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(grep -c '^PID PSS$' "$TMP/stdout")" = 3 ] &&
	[ "$(grep -c '^$' "$TMP/stdout")" = 2 ] &&
	[ "$(grep -c '^103 ' "$TMP/stdout")" = 3 ] &&
	fake "$TOP" "$BIN" top -q -J -o pid -i 0.1 --count 2 >"$TMP/stdout" 2>"$TMP/stderr" &&
	python3 -c 'import json, sys
docs = sys.stdin.read().split("\n\n")
assert len(docs) == 2, len(docs)
for d in docs:
    json.loads(d)' <"$TMP/stdout" &&
	run 1 top -i 0 && oneline && has 'invalid interval: 0' stderr &&
	run 1 top --count 0 && oneline && has 'invalid count: 0' stderr
}
# -i: each warning once per run, not once a frame (an empty column, the
# processes not reported, a -p PID not reported, the fallback to /proc)
stderr_lines() { # N PATTERN: stderr has N lines matching
	[ "$(grep -c -- "$2" "$TMP/stderr")" = "$1" ] ||
	{ echo "expected $1 lines of '$2' in stderr:" >&2; cat "$TMP/stderr" >&2; return 1; }
}
t_fake_top_interval_warn() {
	fake "$TOP" "$BIN" top -r -o pid,n3 -i 0.1 --count 3 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(grep -c '^PID N3$' "$TMP/stdout")" = 3 ] &&
	stderr_lines 1 'column N3 is empty' && stderr_lines 1 'top: 2 processes not reported' &&
	stderr_lines 2 . &&
	fake "$TOP" "$BIN" top -r -p 101,102 -o pid -i 0.1 --count 3 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(grep -c '^101$' "$TMP/stdout")" = 3 ] &&
	stderr_lines 1 'top: pid 102 not reported: permission denied' && stderr_lines 1 . &&
	fake "$TOP" VMSCOPE_FAKE_OPEN_ERRNO=2 "$BIN" top -b -p "$$,4194303" -o pid -i 0.1 --count 3 \
		>"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(grep -c "^ *$$ *\$" "$TMP/stdout")" = 3 ] && stderr_lines 1 'top: without the module' &&
	stderr_lines 1 'top: pid 4194303 not reported: no such process' && stderr_lines 2 .
}
t_fake_top_sort() {
	fake "$TOP" "$BIN" top -r -o pid,rss --sort rss >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(awk 'NR > 1 { print $1 }' "$TMP/stdout" | tr '\n' ' ')" = "101 103 104 " ] &&
	fake "$TOP" "$BIN" top -r -o pid,oom_score_adj --sort -oom_score_adj >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(awk 'NR > 1 { print $1 }' "$TMP/stdout" | tr '\n' ' ')" = "104 103 101 " ] &&
	fake "$TOP" "$BIN" top -r -o pid,command --sort command >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(awk 'NR > 1 { print $1 }' "$TMP/stdout" | tr '\n' ' ')" = "101 104 103 " ]
}
t_fake_top_pids() {
	rm -f "$TMP/req"
	fake "$TOP" "$BIN" top -b -p 101,102 -p 104 -o pid,rss >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(cat "$TMP/req")" = "101,102,104 summary" ] &&
	[ "$(awk 'NR > 1 { print $1 }' "$TMP/stdout" | tr '\n' ' ')" = "101 104 total " ] &&
	has 'vmscope: warning: top: pid 102 not reported: permission denied' stderr &&
	lacks '105' stderr
}
# One PID: a single-process request, whose reply is one report without a
# done record
t_fake_top_one() {
	rm -f "$TMP/req"
	fake "$SAMPLE" "$BIN" top -r -p 4242 -o pid,command >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(cat "$TMP/req")" = "4242 summary" ] && has '^4242 demo$' ||
	{ cat "$TMP/stderr" >&2; return 1; }
}
t_fake_top_filters() {
	fake "$TOP" "$BIN" top -r -C beta -o pid >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(awk 'NR > 1' "$TMP/stdout")" = "103" ] &&
	fake "$TOP" "$BIN" top -r -u nosuchuser -o pid >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ -z "$(awk 'NR > 1' "$TMP/stdout")" ]
}
t_fake_top_by() {
	fake "$TOP" "$BIN" top -b --by comm -o command,procs,rss,pss,vmas >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^alpha  *2  *204800  *30720  *17$' && has '^beta  *1  *81920  *61440  *30$' &&
	has '^total  *3  *286720  *92160  *47$' &&
	fake "$TOP" "$BIN" top --by user >"$TMP/stdout" 2>"$TMP/stderr" &&
	has 'PROCS' && lacks 'PID' && lacks 'OOM' &&
	"$BIN" top --help | grep -q 'PSS sums are'
}
t_fake_top_json() {
	fake "$TOP" "$BIN" top -J >"$TMP/stdout" 2>"$TMP/stderr" && json_ok &&
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["processes"], d
p = d["processes"]
assert [r["pid"] for r in p] == [103, 101, 104], p
assert p[1]["rss"] == 40960 and p[1]["oom_score_adj"] == -500, p[1]
assert p[0]["command"] == "beta"' "$TMP/stdout"
}
# What top and export should print for the nodes of a fake reply, worked
# out from the reply itself: node_expect WHAT FILE [ARG...], WHAT one of
#   pids                 "PID N0 N1 ..." for each process, by PID
#   order COL [desc]     the PIDs sorted by node column COL (ties by PID)
#   total                "total N0 N1 ..."
#   by comm|user         "NAME N0 N1 ..." per command or user, by name
#   mapping              "NAME N0 N1 ..." per mapping from the vma records
#   prom comm|process    the export's node series of that level
node_expect() {
	python3 - "$@" <<'EOF'
import pwd, re, sys
what, path, args = sys.argv[1], sys.argv[2], sys.argv[3:]
procs, nodes = [], set()
def kv(line):
    return dict(t.split("=", 1) for t in line.split()[1:] if "=" in t)
for line in open(path):
    rec = line.split(" ", 1)[0]
    if rec == "vmscope":
        h = kv(line)
        procs.append({"pid": int(h["pid"]), "comm": h["comm"], "task": {}, "vmas": []})
        nodes.update(int(n) for n in h.get("nodes", "").split(",") if n)
    elif rec in ("task", "vma"):
        r = {int(k[1:]): int(v) for k, v in kv(line).items() if re.fullmatch(r"n\d+", k)}
        nodes.update(r)
        if rec == "task":
            procs[-1]["task"] = r
        else:
            name = kv(line).get("name") or "[anon]"
            procs[-1]["vmas"].append((name, r))
nodes = sorted(nodes)
def figs(r):
    return [r.get(n, 0) for n in nodes]
def user(pid):
    try:
        uid = int(re.search(r"\nUid:\s+\d+\s+(\d+)", open("/proc/%d/status" % pid).read()).group(1))
    except OSError:
        return "?"
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)
def groups(key):
    g = {}
    for p in procs:
        s = g.setdefault(key(p), [0] * len(nodes))
        for i, v in enumerate(figs(p["task"])):
            s[i] += v
    return g
def line(*f):
    print(" ".join(str(x) for x in f))
if what == "pids":
    for p in sorted(procs, key=lambda p: p["pid"]):
        line(p["pid"], *figs(p["task"]))
elif what == "order":
    i = nodes.index(int(args[0][1:]))
    sign = -1 if args[1:] == ["desc"] else 1
    print(" ".join(str(p["pid"]) for p in
          sorted(procs, key=lambda p: (sign * figs(p["task"])[i], p["pid"]))))
elif what == "total":
    line("total", *[sum(figs(p["task"])[i] for p in procs) for i in range(len(nodes))])
elif what == "by":
    g = groups(lambda p: p["comm"] if args[0] == "comm" else user(p["pid"]))
    for k in sorted(g):
        line(k, *g[k])
elif what == "mapping":
    g = {}
    for p in procs:
        for name, r in p["vmas"]:
            s = g.setdefault(name, [0] * len(nodes))
            for i, v in enumerate(figs(r)):
                s[i] += v
    for k in sorted(g):
        line(k, *g[k])
elif what == "prom" and args[0] == "comm":
    for k, v in sorted(groups(lambda p: p["comm"]).items()):
        for n, b in zip(nodes, v):
            print('vmscope_comm_node_resident_bytes{comm="%s",node="%d"} %d' % (k, n, b))
elif what == "prom":
    for p in sorted(procs, key=lambda p: p["pid"]):
        for n, b in zip(nodes, figs(p["task"])):
            print('vmscope_process_node_resident_bytes{pid="%d",comm="%s",user="%s",cgroup=X,node="%d"} %d'
                  % (p["pid"], p["comm"], user(p["pid"]), n, b))
EOF
}
# top's node columns on a two-node machine: there by default, N0 N1 from
# the task records (an absent nK is 0), sorted, summed in the totals and
# per group, in JSON; -o N is every node, an unknown node warns
t_fake_top_nodes() {
	fake "$TOP" "$BIN" top -q -b >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^ *PID .* PGTABLES  *N0  *N1  *VMAS ' &&
	grep -q ' n1=' "$TOP" && ! grep -A1 '^vmscope .*pid=104 ' "$TOP" | grep -q ' n1=' &&
	fake "$TOP" "$BIN" top -q -b -r -o pid,n0,n1 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(sed 1d "$TMP/stdout" | sort -n)" = "$(node_expect pids "$TOP")" ] &&
	fake "$TOP" "$BIN" top -q -b -r -o pid,n >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^PID N0 N1$' && [ "$(sed 1d "$TMP/stdout" | sort -n)" = "$(node_expect pids "$TOP")" ] &&
	fake "$TOP" "$BIN" top -q -r -o pid --sort -n1 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(sed 1d "$TMP/stdout" | tr '\n' ' ')" = "$(node_expect order "$TOP" n1 desc) " ] &&
	fake "$TOP" "$BIN" top -q -r -o pid --sort N0 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(sed 1d "$TMP/stdout" | tr '\n' ' ')" = "$(node_expect order "$TOP" n0) " ] &&
	fake "$TOP" "$BIN" top -q -b -o pid,n0,n1 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(grep '^ *total' "$TMP/stdout" | tr -s ' ' | sed 's/^ //; s/ $//')" = "$(node_expect total "$TOP")" ] &&
	fake "$TOP" "$BIN" top -q -b -r --by comm -o command,n0,n1 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(sed 1d "$TMP/stdout" | sort)" = "$(node_expect by "$TOP" comm)" ] &&
	fake "$TOP" "$BIN" top -q -b -r --by user -o user,n0,n1 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(sed 1d "$TMP/stdout" | sort)" = "$(node_expect by "$TOP" user)" ] &&
	fake "$TOP" "$BIN" top -q -b --by comm >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^COMMAND .* N0  *N1 ' &&
	fake "$TOP" "$BIN" top -q -J -o pid,n >"$TMP/stdout" 2>"$TMP/stderr" && json_ok &&
	python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))["processes"]
got = "\n".join("%d %d %d" % (r["pid"], r["n0"], r["n1"]) for r in sorted(rows, key=lambda r: r["pid"]))
assert got == sys.argv[2], (got, sys.argv[2])' "$TMP/stdout" "$(node_expect pids "$TOP")" &&
	fake "$TOP" "$BIN" top -q -r -o pid,n3 >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^PID N3$' && has 'column N3 is empty: no report names node 3' stderr &&
	run 1 top --sort n && has 'N0, N1' stderr && oneline &&
	run 1 top -o n01 && has 'unknown column: n01' stderr && oneline &&
	run 0 top --list-columns && has '^  N<n> ' &&
	"$BIN" top --help | grep -q 'NUMA node'
}
# One node: no node column unless asked for
t_fake_top_one_node() {
	sed 's/ nodes=0,1 / nodes=0 /; s/ n0=[0-9]*//; s/ n1=[0-9]*//' "$TOP" >"$TMP/top1" &&
	awk '$1 == "task" { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "rss") r = kv[2]; if (kv[1] == "hugetlb") h = kv[2] } $0 = $0 " n0=" r + h } 1' \
		"$TMP/top1" >"$TMP/top1n" && grep -q ' n0=2179072$' "$TMP/top1n" &&
	fake "$TMP/top1n" "$BIN" top -q -b >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^ *PID ' && lacks ' N0 ' &&
	fake "$TMP/top1n" "$BIN" top -q -b -r -o pid,n >"$TMP/stdout" 2>"$TMP/stderr" &&
	has '^PID N0$' && [ "$(sed 1d "$TMP/stdout" | sort -n)" = "$(node_expect pids "$TMP/top1n")" ]
}
# --by mapping: a mapping's nodes, summed over its VMAs and processes
t_fake_top_mapping_nodes() {
	fake "$TOPVMAS" "$BIN" top -q -b -r --by mapping -o mapping,n0,n1 >"$TMP/stdout" 2>"$TMP/stderr" &&
	[ "$(sed 1d "$TMP/stdout" | sort)" = "$(node_expect mapping "$TOPVMAS")" ]
}
t_fake_top_bad() {
	head -n 6 "$TOP" >"$TMP/cut"
	fake "$TMP/cut" "$BIN" top >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has 'truncated' stderr && oneline && [ ! -s "$TMP/stdout" ] &&
	run 1 top --by nosuch && has "invalid --by 'nosuch' (user, comm, cgroup or mapping)" stderr && oneline &&
	run 1 top --cgroup system.slice && has "invalid --cgroup 'system.slice'" stderr && oneline &&
	run 1 top -p 1x && has 'invalid PID: 1x' stderr && oneline &&
	run 1 top --sort nosuch && has 'unknown column: nosuch' stderr && oneline &&
	run 1 top -o nosuch && has 'unknown column: nosuch' stderr && oneline &&
	run 1 top -J -r && oneline &&
	run 1 top 42 && oneline &&
	run 0 top -o help && has 'OOM_SCORE_ADJ'
}
# Bash completion (userspace/completion/vmscope): commands, options and
# columns from the binary itself
comp() { bash "$DIR/completion.sh" "$BIN" "$DIR/../completion/vmscope" "$@" >"$TMP/stdout" 2>"$TMP/stderr"; }
t_completion() {
	comp "" && has '^show$' && has '^top$' && has '^check$' && lacks '^Commands' &&
	comp sh && [ "$(cat "$TMP/stdout")" = show ] &&
	comp --source m && [ "$(cat "$TMP/stdout")" = module ] &&
	comp show --li && [ "$(cat "$TMP/stdout")" = --list-columns ] &&
	comp show -o rs && [ "$(cat "$TMP/stdout")" = rss ] &&
	comp show -o start,rs && [ "$(cat "$TMP/stdout")" = start,rss ] &&
	comp show -o +sw && has '^+swap$' &&
	comp diff --sort -ps && has '^-pss$' &&
	comp top --by c && [ "$(sort "$TMP/stdout" | tr '\n' ' ')" = "cgroup comm " ] &&
	comp top -o mem_ && has '^mem_current$' && has '^mem_max$' &&
	comp watch -- && has '^--interval$' && has '^--count$' &&
	comp snap -o "$TMP/std" && has "^$TMP/stdout\$" &&
	comp show 1 && has '^1$' && [ ! -s "$TMP/stderr" ]
}
if command -v bash >/dev/null; then
	ok "bash completion: commands, options, columns, comma lists, files, PIDs" t_completion
fi

if [ -n "$FAKE" ]; then
	ok "fake module: top asks for '* summary', sorts by PSS, totals" t_fake_top
	ok "fake module: export, Prometheus text by cgroup, command and process; promtool check metrics" t_fake_export
	ok "fake module: top --sort, ascending and descending, numbers and text" t_fake_top_sort
	ok "fake module: top -i SEC --count N: N frames, a blank line between; -J a document each" t_fake_top_interval
	ok "fake module: top -i: each warning once per run, not once a frame" t_fake_top_interval_warn
	ok "fake module: top --by mapping: per mapped file across processes, PROCS, VMAS, sums" t_fake_top_mapping
	ok "fake module: top -p asks for the list, names the skipped" t_fake_top_pids
	ok "fake module: top -p with one PID: its report" t_fake_top_one
	ok "fake module: top -C, -u" t_fake_top_filters
	ok "fake module: top --by comm and user" t_fake_top_by
	ok "fake module: top -J" t_fake_top_json
	ok "fake module: top: truncated reply, usage errors" t_fake_top_bad
	ok "fake module: top N0 N1: per-node bytes, default on two nodes, sort, totals, --by, JSON" t_fake_top_nodes
	ok "fake module: top on one node: no N column unless asked" t_fake_top_one_node
	ok "fake module: top --by mapping: per-node sums of the mappings' VMAs" t_fake_top_mapping_nodes
	ok "fake module: show PID asks for summary vmas" t_fake_show
	ok "fake module: snap -x -o FILE writes the report byte for byte" t_fake_snap
	ok "fake module: snap to stdout" t_fake_snap_stdout
	ok "fake module: partial report is not written, exit 2" t_fake_snap_partial
	ok "fake module: truncated report, exit 2" t_fake_snap_truncated
	ok "fake module: unwritable output, exit 2" t_fake_snap_baddir
	ok "fake module: snap -o LINK writes through the link" t_fake_snap_symlink
	ok "fake module: snap -o /proc/version names the real cause" t_fake_snap_proc_file
	ok "fake module: errno to message mapping" t_fake_errors
	ok "fake module: missing under sig_enforce or lockdown names the rule" t_fake_signed_only
	ok "fake module: ESRCH for a kernel thread names it" t_fake_kthread
	ok "fake module: watch frames: time, totals now and their change, rows" t_fake_watch_frames
	ok "fake module: watch --min-change hides small changes and says so" t_fake_watch_min_change
	ok "fake module: watch --sort by the change of a column" t_fake_watch_sort
	ok "fake module: watch -J: one object per interval, header and rows" t_fake_watch_json
	ok "fake module: watch -r: TIME column, headings once, no empty field" t_fake_watch_raw
	ok "fake module: watch -r, diff -r: headings even when the first frame has no row" t_raw_unchanged_first
	ok "fake module: watch -i is the period, not the pause after a snapshot" t_fake_watch_period
	ok "auto source: module when /proc/vmscope opens" t_fake_auto_module
	ok "auto source: /proc when it does not" t_fake_auto_fallback
	ok "check --stop: disagreements exit 3, target continued" t_fake_check_disagree
	ok "--source=proc: target exits during the pagemap scan: partial, exit 2" t_proc_exit_scan
	ok "--source=proc: target exits before the task record: partial, exit 2" t_proc_exit_task
	ok "--source=proc: show of a target that exits: partial warning" t_proc_exit_show
fi

echo "1..$n"
[ "$failed" -eq 0 ]
