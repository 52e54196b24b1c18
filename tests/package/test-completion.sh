#!/usr/bin/env bash
# test-completion.sh COMPLETION MANPAGE: the generated bash completion completes what a user types
# (commands, subcommands after global options, third-level words, a command's options, file
# names after file options), and the generated man page renders without groff warnings and
# documents the commands of the help.
set -euo pipefail
completion=$1
manpage=$2
status=0

# shellcheck disable=SC1090
source "$completion"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/backup.json"

# expect "WORDS..." -- EXPECTED...: completing the last word gives exactly EXPECTED (sorted).
expect() {
    local words=() expected=()
    while [[ $1 != -- ]]; do words+=("$1"); shift; done
    shift
    expected=("$@")
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _custosctl
    local got want
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
    want=$(printf '%s\n' "${expected[@]}" | sort | tr '\n' ' ')
    if [[ $got != "$want" ]]; then
        echo "FAIL: completing '${words[*]}': got [$got], expected [$want]"
        status=1
    fi
}

expect custosctl ke -- key
expect custosctl --workspace /tmp/w --operator alice key imp -- import
expect custosctl operator lockout s -- show set
expect custosctl sd custodian "" -- create
expect custosctl key import V N --form -- --format
expect custosctl key create V N --kt -- --kty
expect custosctl vault list --js -- --json
expect custosctl key restore V --in "$work/back" -- "$work/backup.json"
expect custosctl backup "" -- create restore verify inspect
# Every command of the help is a completion of the first word.
mapfile -t commands < <(grep -o '^_custosctl_children\["@"\]="[^"]*"' "$completion" | sed 's/.*="//; s/"$//' | tr ' ' '\n')
# (Not `printf | grep -q`: grep leaves at the first match, printf can then die of SIGPIPE, and
# pipefail reports the match as missing.)
for needed in init key cert sd byok audit selftest; do
    found=0
    for command in "${commands[@]}"; do
        [[ $command == "$needed" ]] && found=1
    done
    [[ $found -eq 1 ]] || { echo "FAIL: '$needed' is not completed"; status=1; }
done

if command -v groff >/dev/null; then
    warnings=$(groff -ww -man -z "$manpage" 2>&1 || true)
    if [[ -n $warnings ]]; then
        echo "FAIL: groff warns about $manpage:"
        echo "$warnings"
        status=1
    fi
fi
for needed in 'key import' 'sd restore-blob' 'byok wrap' 'selftest' 'CUSTOS_WORKSPACE' 'EXIT STATUS'; do
    grep -q -- "$(printf '%s' "$needed" | sed 's/-/\\\\-/g')" "$manpage" || { echo "FAIL: the man page lacks '$needed'"; status=1; }
done
[[ $status -eq 0 ]] && echo PASS
exit $status
