// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark builds only (scripts/build-module VMS_TEXT_PAD=N, used by
 * scripts/bench): N bytes of int3 at the start of the module's text, so
 * that every page boundary falls elsewhere in the same code. Under QEMU's
 * TCG a translated block that spans two pages is never chained to: each
 * time the code reaches an instruction that straddles a page boundary,
 * the emulator goes back to its main loop to find that block. How much
 * that costs depends on which instruction straddles, so the same source
 * runs at different speeds under TCG by its layout alone; the benchmark
 * measures two layouts to show the spread (Documentation/walker.rst).
 *
 * The module's text is page-aligned when loaded and this object is linked
 * first (Kbuild), so the padding moves every boundary by N bytes, rounded
 * up to the alignment of the next object's text.
 */
#include <linux/stringify.h>

asm(".pushsection .text, \"ax\"\n"
	".skip " __stringify(VMS_TEXT_PAD) ", 0xcc\n"
	".popsection\n");
