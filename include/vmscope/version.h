/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * vmscope's release number, the one place it is written: the module's
 * MODULE_VERSION and debugfs "version", the CLI's --version, the DKMS
 * source tree /usr/src/vmscope-VERSION and the Debian packages all take
 * it from here (the Makefiles and debian/rules read this line).
 */
#ifndef VMSCOPE_VERSION_H
#define VMSCOPE_VERSION_H

#define VMS_VERSION	"0.1.0"

#endif
