#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# A bounded libFuzzer run of the snapshot parser, as one TAP line.
# Usage: tests/fuzz.sh FUZZER SECONDS WORKDIR
# Seeds: every snapshot under tests/data (real ones from the guest, and
# the hand-written samples), copied into WORKDIR/corpus, which the run
# may extend. A crash, leak, sanitizer report or timeout fails the test;
# its reproducer is left in WORKDIR.
set -u

FUZZER=${1:?usage: fuzz.sh FUZZER SECONDS WORKDIR}
SECONDS_=${2:-60}
WORK=${3:?usage: fuzz.sh FUZZER SECONDS WORKDIR}
DIR=$(cd "$(dirname "$0")" && pwd)

if [ ! -x "$FUZZER" ]; then
	echo "ok 1 - fuzz: snapshot parser # SKIP no fuzzer (clang with libFuzzer missing)"
	echo "1..1"
	exit 0
fi
mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
FUZZER=$(cd "$(dirname "$FUZZER")" && pwd)/$(basename "$FUZZER")
rm -rf "$WORK/corpus"
mkdir -p "$WORK/corpus" || exit 1
cp "$DIR"/data/guest/*.snap "$DIR"/data/*.txt "$WORK/corpus/"
# Truncated, garbled and oversized seeds, so that the run starts there.
head -c 1000 "$DIR/data/guest/story1.snap" >"$WORK/corpus/cut"
tr 'a-z=' 'b-z{a' <"$DIR/data/guest/mixed.snap" >"$WORK/corpus/garbled"
{ head -n 1 "$DIR/data/guest/story1.snap"; printf 'vma start=0x1000 end=0x2000 name='; \
  head -c 70000 /dev/zero | tr '\0' x; printf '\nend status=complete\n'; } >"$WORK/corpus/long"

cd "$WORK" || exit 1
"$FUZZER" -max_total_time="$SECONDS_" -max_len=131072 -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$WORK/" corpus >fuzz.log 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' fuzz.log)
peak=$(sed -n 's/^stat::peak_rss_mb: *//p' fuzz.log)
size=$(ls corpus | wc -l)
if [ $rc -eq 0 ] && [ -n "$runs" ]; then
	echo "ok 1 - fuzz: snapshot parser, $runs runs in ${SECONDS_}s, corpus $size inputs, peak RSS ${peak}MB, no crash"
else
	echo "not ok 1 - fuzz: snapshot parser (exit $rc; log $WORK/fuzz.log)"
	grep -E 'ERROR|SUMMARY|runtime error|Test unit written' fuzz.log | head -n 10 | sed 's/^/# /'
fi
echo "1..1"
[ $rc -eq 0 ]
