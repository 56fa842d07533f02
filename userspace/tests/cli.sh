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
assert list(d) == ["vmas"], d.keys()
v = d["vmas"]
assert len(v) == 7
assert v[2]["vsz"] == 1073741824 and v[2]["start"] == "0x7f3a00000000"
assert v[3]["name"] == "/tmp/a b\nc", v[3]["name"]
assert v[0]["inode"] == 1311
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
t_output() {
	run 0 show -o start,VSZ,name -n "$SAMPLE" &&
	[ "$(head -1 "$TMP/stdout")" = "0x55d0c0a00000 4.0K /usr/bin/demo" ] &&
	[ "$(wc -l <"$TMP/stdout")" -eq 8 ] &&
	lacks PERM && lacks '^pid'
}
t_output_plus() { run 0 show -o +runs "$FULL" && has 'RUNS'; }
t_output_absent() { run 0 show -o START,RSS -J "$SAMPLE" && json_ok && has '"rss": null'; }
t_bad_column() { run 1 show -o start,bogus "$SAMPLE" && has 'vmscope: unknown column: bogus' stderr && oneline; }
t_sort() {
	run 0 show -r -n -o VSZ,NAME --sort vsz -b "$SAMPLE" &&
	[ "$(head -1 "$TMP/stdout")" = "4096 /usr/bin/demo" ] &&
	[ "$(tail -1 "$TMP/stdout")" = "1073741824 " ]
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
# fake_error VAR ERRNO MESSAGE
fake_error() {
	fake "$SAMPLE" "$1=$2" "$BIN" snap --source=module 4242 >"$TMP/stdout" 2>"$TMP/stderr"
	[ $? -eq 2 ] && has "^vmscope: $3\$" stderr && oneline
}
t_fake_errors() {
	fake_error VMSCOPE_FAKE_OPEN_ERRNO 2 'module not loaded (/proc/vmscope missing)' &&
	fake_error VMSCOPE_FAKE_OPEN_ERRNO 13 'permission denied' &&
	fake_error VMSCOPE_FAKE_WRITE_ERRNO 1 'permission denied' &&
	fake_error VMSCOPE_FAKE_WRITE_ERRNO 3 'no such process: 4242' &&
	fake_error VMSCOPE_FAKE_WRITE_ERRNO 22 'invalid request' &&
	fake_error VMSCOPE_FAKE_WRITE_ERRNO 5 'cannot write to /proc/vmscope: Input/output error'
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
t_map_file() { run 0 map -w 100 --unicode "$FULL" && has 'legend:' && has '^0x7f3a00000000 ' && lacks "$(printf '\033')"; }
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
				run 0 map -w "$w" "$o" "$f" && widest "$w" && aligned ||
				{ echo "map -w $w $o $f" >&2; return 1; }
			done
		done
	done
	COLUMNS=80 run 0 map "$GUEST/names.snap" && widest 80
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
t_proc_show() {
	start_sleeper
	run 0 show --source=proc "$sleeper" && has "^pid $sleeper (sleep)  kernel .*  source proc  VSZ" &&
	has '\[stack\]' && lacks '^START.* FILE ' && run 0 --source=proc snap -x "$sleeper" &&
	has ' source=proc' && has '^ext start=' && has '^end status=complete'
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
t_proc_gone() { run 2 show --source=proc 999999999 && has '^vmscope: no such process: 999999999$' stderr && oneline; }
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

ok "--version" t_version
ok "show --help" t_help
ok "mutually exclusive options: one line naming both" t_exclusive
ok "show FILE: header line, table, escaped name, totals, no empty columns" t_table
ok "show -b: exact bytes" t_bytes
ok "show -J: valid JSON, numbers, unescaped name" t_json
ok "show -J on a full report: new keys become fields" t_json_full
ok "show on a full report: size, node and order columns appear" t_full_columns
ok "show -r: raw, no header line, no totals" t_raw
ok "show -o: chosen columns only, case-insensitive" t_output
ok "show -o +COL: adds to the defaults" t_output_plus
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
ok "unknown command" t_unknown_cmd
ok "every command has --help" t_help_all
ok "--list-columns and -o help" t_list_columns
ok "diff FILE FILE: nothing changed" t_diff_same
ok "diff --all: every row" t_diff_all
ok "diff -J: one top-level key, numbers, totals row last" t_diff_json
ok "diff - FILE: standard input" t_diff_stdin
ok "diff usage errors" t_diff_usage
ok "diff with a file that is not a snapshot" t_diff_bad_file
ok "map FILE: legend, strips, plain when not a terminal" t_map_file
ok "map --color=always" t_map_color
ok "map without extents: one-line error" t_map_no_extents
ok "map --svg FILE: well-formed XML" t_map_svg
ok "map usage errors" t_map_usage
ok "map: columns line up (-b, ASCII, continuation rows)" t_map_aligned
ok "map -w N: every line fits N columns" t_map_fits
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
ok "check without the module" t_check_no_module
ok "--source with a bad word" t_source_bad
ok "--source=proc: show and snap -x of a live process" t_proc_show
ok "--source=proc: diff PID PID" t_proc_diff_pids
ok "--source=proc: map PID" t_proc_map
ok "watch -n 2: two diffs" t_proc_watch
ok "watch: SIGINT exits 0" t_watch_sigint
ok "--source=proc: no such process" t_proc_gone
if [ -n "$FAKE" ]; then
	ok "fake module: show PID asks for summary vmas" t_fake_show
	ok "fake module: snap -x -o FILE writes the report byte for byte" t_fake_snap
	ok "fake module: snap to stdout" t_fake_snap_stdout
	ok "fake module: partial report is not written, exit 2" t_fake_snap_partial
	ok "fake module: truncated report, exit 2" t_fake_snap_truncated
	ok "fake module: unwritable output, exit 2" t_fake_snap_baddir
	ok "fake module: errno to message mapping" t_fake_errors
	ok "auto source: module when /proc/vmscope opens" t_fake_auto_module
	ok "auto source: /proc when it does not" t_fake_auto_fallback
	ok "check --stop: disagreements exit 3, target continued" t_fake_check_disagree
fi

echo "1..$n"
[ "$failed" -eq 0 ]
