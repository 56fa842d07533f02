#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# completion.sh VMSCOPE COMPLETION-FILE WORD...: what the bash completion
# offers for the command line "vmscope WORD..." (the last word is the one
# being completed), one candidate per line.
bin=$1
. "$2" || exit 1
shift 2
COMP_WORDS=(vmscope "$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_vmscope "$bin" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
