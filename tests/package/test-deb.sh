#!/usr/bin/env bash
# test-deb.sh BUILD_DIR: the `package` test (not part of the default CI run: it needs root and the
# Debian mirror). Builds the .deb with CPack from BUILD_DIR, installs it with apt into a clean
# Debian 12 made by debootstrap (no Docker engine runs here), and runs `custosctl --version` and
# `custosctl selftest` inside. apt resolving the package's Depends in an empty system is the proof
# that they are complete; a missing one fails the install or the run.
# The minbase system is cached in $CUSTOS_PACKAGE_CACHE (default ~/.cache/custos-package-test) as a
# tarball; every run unpacks a fresh copy.
set -euo pipefail
build=$(cd "$1" && pwd)
skip=77
if [[ $(id -u) -ne 0 ]]; then
    echo "SKIP: the package test needs root (debootstrap, chroot)"
    exit $skip
fi
if ! command -v debootstrap >/dev/null; then
    echo "SKIP: debootstrap is not installed (apt-get install debootstrap)"
    exit $skip
fi
mirror=${CUSTOS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${CUSTOS_PACKAGE_CACHE:-$HOME/.cache/custos-package-test}
work=$(mktemp -d -t custos-package.XXXXXX)
root="$work/root"
cleanup() {
    umount -R "$root/proc" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

echo "==> cpack"
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/deb" >/dev/null)
deb=$(find "$work/deb" -maxdepth 1 -name 'custos_*.deb' | head -n1)
[[ -n $deb ]] || { echo "FAIL: cpack made no custos_*.deb in $work/deb"; exit 1; }
echo "    $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "    Depends: $depends"
for needed in libqt6core6 libqt6widgets6 libqt6sql6 libssl3 softhsm2 libqt6sql6-sqlite; do
    [[ $depends == *"$needed"* ]] || { echo "FAIL: Depends lacks $needed"; exit 1; }
done
contents=$(dpkg-deb -c "$deb")
for file in usr/bin/custos usr/bin/custosctl usr/share/man/man1/custosctl.1.gz \
    usr/share/applications/custos.desktop usr/share/icons/hicolor/scalable/apps/custos.svg \
    usr/share/bash-completion/completions/custosctl usr/share/custos/translations/custos_de.qm; do
    grep -q " ./$file\$" <<<"$contents" || { echo "FAIL: the package lacks /$file"; exit 1; }
done

echo "==> a clean Debian 12 (debootstrap --variant=minbase bookworm)"
mkdir -p "$cache"
if [[ ! -s $cache/bookworm-minbase.tgz ]]; then
    debootstrap --variant=minbase --make-tarball="$cache/bookworm-minbase.tgz.part" bookworm "$work/tarball" "$mirror" \
        >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
    mv "$cache/bookworm-minbase.tgz.part" "$cache/bookworm-minbase.tgz"
fi
debootstrap --variant=minbase --unpack-tarball="$cache/bookworm-minbase.tgz" bookworm "$root" "$mirror" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/custos.deb"

# proc for apt's maintainer scripts and for the self test, in a private mount namespace.
in_chroot() {
    unshare --mount --fork bash -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$root" "$@"
}
echo "==> apt-get install ./custos.deb"
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get -q update >"$work/apt.log" 2>&1 || { tail "$work/apt.log"; exit 1; }
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get -q install -y --no-install-recommends /tmp/custos.deb \
    >>"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log"; exit 1; }

echo "==> custosctl --version"
version=$(in_chroot custosctl --version)
echo "    $version"
[[ $version == "custosctl "* ]] || { echo "FAIL: unexpected --version output"; exit 1; }
echo "==> custosctl selftest"
in_chroot custosctl selftest || { echo "FAIL: custosctl selftest failed in the clean system"; exit 1; }
echo "==> custos --version (offscreen)"
in_chroot env QT_QPA_PLATFORM=offscreen custos --version || { echo "FAIL: custos does not start"; exit 1; }
echo "PASS"
