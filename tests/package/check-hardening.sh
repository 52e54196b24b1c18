#!/usr/bin/env bash
# check-hardening.sh [--fortify] BINARY...: each binary was built with the hardening flags of the
# top CMakeLists.txt: PIE (ELF type DYN with a PIE flag), full RELRO (a GNU_RELRO segment and
# BIND_NOW), the stack protector (__stack_chk_fail imported) and, with --fortify (optimised
# builds), _FORTIFY_SOURCE (at least one __*_chk function imported).
set -euo pipefail
fortify=0
if [[ ${1-} == --fortify ]]; then
    fortify=1
    shift
fi
status=0
fail() {
    echo "FAIL: $1: $2"
    status=1
}
for binary in "$@"; do
    header=$(readelf -h -W "$binary")
    dynamic=$(readelf -d -W "$binary")
    segments=$(readelf -l -W "$binary")
    symbols=$(readelf --dyn-syms -W "$binary")
    grep -q 'Type:[[:space:]]*DYN' <<<"$header" || fail "$binary" "not position independent (ELF type is not DYN)"
    grep -q 'FLAGS_1.*PIE' <<<"$dynamic" || fail "$binary" "no PIE flag in the dynamic section (-pie)"
    grep -q 'GNU_RELRO' <<<"$segments" || fail "$binary" "no GNU_RELRO segment (-z relro)"
    grep -Eq 'BIND_NOW|FLAGS.*NOW' <<<"$dynamic" || fail "$binary" "lazy binding (-z now missing)"
    grep -q '__stack_chk_fail' <<<"$symbols" || fail "$binary" "no stack protector (__stack_chk_fail not imported)"
    if [[ $fortify -eq 1 ]]; then
        grep -Eq '__[a-z_]+_chk' <<<"$(grep -v __stack_chk_fail <<<"$symbols")" ||
            fail "$binary" "not fortified (no __*_chk function imported; -D_FORTIFY_SOURCE=2)"
    fi
    [[ $status -eq 0 ]] && echo "ok: $binary"
done
exit $status
