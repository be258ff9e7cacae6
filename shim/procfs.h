/* procfs.h — the guest's view of the /proc files that would otherwise describe emu-exec:
 * /proc/self/{exe,cmdline,auxv,maps} (also thread-self and /proc/<own pid>) and /proc/cpuinfo. */
#ifndef SHIM_PROCFS_H
#define SHIM_PROCFS_H

#include <stdbool.h>

/* Is path /proc/self/exe (or /proc/thread-self/exe, /proc/<our pid>/exe)? Its link names
 * the guest program (shim.exe_path) and opening it opens that file. */
bool procfs_is_exe(const char *path);

/* Open one of the emulated files: a read-only descriptor holding what Linux arm64 would
 * show the guest at this moment, -EACCES for a write open, another negative errno, or 0
 * when path is not an emulated file (the caller then opens it normally). flags are host
 * open flags; only O_ACCMODE and O_CLOEXEC matter. */
long procfs_open(const char *path, int flags);

#endif
