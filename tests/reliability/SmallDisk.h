#pragma once

#include "CliHarness.h"

#include <QProcess>
#include <QString>

namespace custos::test {

// A small tmpfs in a mount namespace of its own (tests/reliability/scripts/small-disk.sh under
// unshare -m), for the disk-full and read-only workspace tests. custosctl runs inside that
// namespace (run(): nsenter), where the tmpfs is at its mount point; this process reaches the same
// files through path() (/proc/PID/root/MOUNTPOINT). Not through a symbolic link: SQLite resolves
// links, and /proc/PID/root reads back as "/". It can be filled up (leaving a chosen number of
// bytes), freed again, and remounted read-only. The tmpfs goes away with the object.
class SmallDisk
{
public:
    // Mounts `sizeKiB` KiB on `mountPoint` (an existing empty directory) inside the namespace.
    SmallDisk(const QString& mountPoint, int sizeKiB);
    ~SmallDisk();
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    // False when the machine allows no mount namespace or tmpfs (no CAP_SYS_ADMIN): unavailable()
    // then says why, for a QSKIP.
    bool isReady() const { return m_ready; }
    QString unavailable() const { return m_unavailable; }

    QString mountPoint() const { return m_mountPoint; } // inside the namespace
    QString path() const { return m_path; }             // the same, from this process
    // custosctl ARGS inside the namespace, as CliHarness::runRaw runs it (no CUSTOS_* variables, no
    // terminal). File arguments must be absolute paths.
    CliResult run(const QStringList& args) const;
    qint64 freeBytes() const;
    // A filler file (outside any workspace) takes all the free space but `leaveBytes` (whole 4 KiB
    // pages). False with a warning when the tmpfs could not be filled.
    bool fill(qint64 leaveBytes = 0);
    void release(); // removes the filler: the space returns
    bool setReadOnly(bool readOnly);

private:
    QString command(const QByteArray& line);
    QProcess m_holder;
    QString m_mountPoint;
    QString m_path;
    QString m_unavailable;
    bool m_ready = false;
};

} // namespace custos::test
