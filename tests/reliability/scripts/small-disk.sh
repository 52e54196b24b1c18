#!/usr/bin/env bash
# small-disk.sh MOUNTPOINT SIZE_KIB
#
# A tmpfs of SIZE_KIB KiB mounted on MOUNTPOINT inside a mount namespace of its own (unshare -m),
# for the disk-full and read-only workspace tests (tests/reliability/SmallDisk.h). Nothing outside
# the namespace sees the mount; other processes reach it through /proc/PID/root/MOUNTPOINT, where
# PID is this script's own (every step below execs, so the PID stays the same).
#
# Prints "ready" once mounted, then reads commands from stdin, answering each with "ok" or
# "failed: WHY":  ro (remount read-only)  rw (remount read-write).
# When stdin closes the script ends, and the namespace and the tmpfs go with it.
# Exits 77 when mount namespaces or tmpfs mounts are not allowed here (no CAP_SYS_ADMIN).
set -uo pipefail

mountpoint=$1
size_kib=$2

if [[ ${CUSTOS_SMALL_DISK_INSIDE:-} != 1 ]]; then
    if ! why=$(unshare -m --propagation private true 2>&1); then
        echo "unshare -m is not permitted here: $why" >&2
        exit 77
    fi
    CUSTOS_SMALL_DISK_INSIDE=1 exec unshare -m --propagation private -- "$0" "$@"
fi

if ! why=$(mount -t tmpfs -o "size=${size_kib}k,mode=0700" custos-small-disk "$mountpoint" 2>&1); then
    echo "cannot mount a tmpfs on $mountpoint: $why" >&2
    exit 77
fi
echo ready

remount() {
    if why=$(mount -o "remount,$1,size=${size_kib}k" "$mountpoint" 2>&1); then
        echo ok
    else
        echo "failed: $why"
    fi
}

while IFS= read -r command; do
    case $command in
        ro) remount ro ;;
        rw) remount rw ;;
        *) echo "failed: unknown command '$command'" ;;
    esac
done
