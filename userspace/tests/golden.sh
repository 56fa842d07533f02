#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Golden-output tests, as TAP: each line of tests/golden.list runs vmscope
# on snapshots taken in a guest (tests/data/guest) and compares its
# standard output with tests/data/guest/golden/NAME byte for byte.
# Usage: tests/golden.sh path/to/vmscope [--update]
set -u

BIN=${1:?usage: golden.sh path/to/vmscope [--update]}
UPDATE=${2:-}
DIR=$(cd "$(dirname "$0")" && pwd)
DATA=$DIR/data/guest
TMP=$(mktemp -d) || exit 1
trap 'rm -rf "$TMP"' EXIT
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac

unset COLUMNS NO_COLOR
export LC_ALL=C.UTF-8 TZ=UTC

n=0
failed=0
cd "$DATA" || exit 1
while read -r name args; do
	case $name in '' | '#'*) continue ;; esac
	n=$((n + 1))
	# shellcheck disable=SC2086 # the arguments are words
	"$BIN" $args >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ -n "$UPDATE" ] && [ $rc -eq 0 ]; then
		cp "$TMP/out" "golden/$name"
	fi
	if [ $rc -eq 0 ] && cmp -s "$TMP/out" "golden/$name"; then
		echo "ok $n - golden: $name"
	else
		echo "not ok $n - golden: $name (vmscope $args)"
		[ $rc -eq 0 ] || echo "# exit status $rc: $(head -c 300 "$TMP/err")"
		[ -f "golden/$name" ] && diff -u "golden/$name" "$TMP/out" | head -n 20 | sed 's/^/# /'
		failed=$((failed + 1))
	fi
done <"$DIR/golden.list"
echo "1..$n"
[ "$failed" -eq 0 ]
