#!/bin/sh
# The packaged vmscope in a guest, run as /vmscope/run by scripts/guest/init
# (scripts/pkg-check builds the initramfs): the module DKMS built from the
# vmscope-dkms package's source, installed under /lib/modules/RELEASE/
# updates/dkms with the modules.dep depmod wrote, and /usr/bin/vmscope from
# the vmscope package. /vmscope/version and /vmscope/srcversion hold what
# the module must report. One "VMSCOPE-TAP ok|not ok - NAME" line a check.

tap() { echo "VMSCOPE-TAP $*"; }
check() { # NAME CMD... : ok if CMD succeeds
	name=$1
	shift
	if "$@" >/tmp/check.out 2>&1; then
		tap "ok - $name"
	else
		tap "not ok - $name # $(tail -c 300 /tmp/check.out | tr '\n' ' ')"
	fi
}

want=$(cat /vmscope/version)
srcversion=$(cat /vmscope/srcversion)
rel=$(uname -r)
echo "# $rel: want vmscope $want, module srcversion $srcversion"

if ! check "modprobe vmscope (updates/dkms, from modules.dep)" modprobe vmscope; then
	exit 1
fi
check "the loaded module is the DKMS build: srcversion $srcversion" \
	sh -c "[ \"\$(cat /sys/module/vmscope/srcversion)\" = '$srcversion' ]"
check "the loaded module's version is $want" \
	sh -c "[ \"\$(cat /sys/module/vmscope/version)\" = '$want' ]"

# One request through /proc/vmscope: a shell's own summary.
request() {
	exec 3<>/proc/vmscope || return 1
	echo "$$ summary" >&3 || return 1
	cat <&3 >/tmp/summary || return 1
	exec 3<&-
	cat /tmp/summary
	head -n 1 /tmp/summary | grep -q "^vmscope version=1 pid=$$ " &&
		grep -q '^task ' /tmp/summary &&
		tail -n 1 /tmp/summary | grep -q '^end status=complete'
}
check "/proc/vmscope: '\$\$ summary' gives a complete report" request

cli=/usr/bin/vmscope
check "packaged CLI: vmscope --version is $want" \
	sh -c "$cli --version | grep -q '^vmscope $want '"
snap() {
	$cli snap --source=module $$ -o /tmp/a.snap || return 1
	! grep -q ' source=proc' /tmp/a.snap && grep -q '^end status=complete' /tmp/a.snap
}
check "packaged CLI: snap --source=module through the DKMS module" snap
check "packaged CLI: show the snapshot" $cli show /tmp/a.snap
check "packaged CLI: show a live process" $cli show $$

check "modprobe -r vmscope" modprobe -r vmscope
check "/proc/vmscope is gone after unload" test ! -e /proc/vmscope
