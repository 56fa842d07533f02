#!/bin/sh
# Run as /vmscope/run by scripts/bench: load the module, run the benchmark.
insmod /vmscope/vmscope.ko || exit 1
/vmscope/vmscope-bench "${VMSCOPE_BENCH_REPEAT:-5}"
