# shellcheck shell=bash
# Sourced by .ci/test and .ci/run (not executable on its own): the shared build environment.
# Every value can be overridden from the caller's environment.

# ccache: the cache lives outside the clone, and paths under the clone are hashed relative to
# it (CCACHE_BASEDIR + CCACHE_NOHASHDIR), so a fresh clone at another path still hits.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/custos-ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-4G}"
# moc/rcc/lrelease outputs are regenerated just before they are compiled; without this, ccache
# refuses direct-mode hits on include files younger than the compilation. Contents are still hashed.
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-include_file_ctime,include_file_mtime}"

# Parallelism: one job per core (2 on CI).
CUSTOS_JOBS="${CUSTOS_JOBS:-$(nproc)}"
export CUSTOS_JOBS

# Qt wants a private runtime directory; without one every test prints a warning.
if [[ -z "${XDG_RUNTIME_DIR:-}" || ! -d "${XDG_RUNTIME_DIR}" ]]; then
    XDG_RUNTIME_DIR="$(mktemp -d -t custos-runtime.XXXXXX)"
    chmod 0700 "$XDG_RUNTIME_DIR"
    export XDG_RUNTIME_DIR
    # The sourcing script removes it on exit.
    trap 'rm -rf "$XDG_RUNTIME_DIR"' EXIT
fi

# -DCMAKE_CXX_COMPILER_LAUNCHER=ccache when ccache is installed.
custos_launcher_args() {
    if command -v ccache >/dev/null 2>&1; then
        printf '%s\n' -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
    fi
}
