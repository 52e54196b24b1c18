#!/bin/sh
# make-completion.sh CUSTOSCTL OUT: writes the bash completion of custosctl, generated from its
# --help at build time (parse-help.awk), so a new command or option completes without a hand edit.
set -eu
custosctl=$1
out=$2
here=$(dirname "$0")
tmp="$out.tmp"
{
    cat <<'HEAD'
# bash completion for custosctl (generated from `custosctl --help`; do not edit)
declare -gA _custosctl_children _custosctl_options
HEAD
    "$custosctl" --help | awk -f "$here/parse-help.awk" | awk -F '\t' '
        {
            n = split($1, w, " ")
            parent = ""
            for (i = 1; i <= n; i++) {
                key = parent SUBSEP w[i]
                if (!(key in known)) { known[key] = 1; children[parent] = children[parent] " " w[i] }
                parent = parent (parent == "" ? "" : " ") w[i]
            }
            options[$1] = $2
        }
        END {
            for (p in children) printf "_custosctl_children[\"%s\"]=\"%s\"\n", (p == "" ? "@" : p), substr(children[p], 2)
            for (p in options) printf "_custosctl_options[\"%s\"]=\"%s\"\n", p, options[p]
        }' | LC_ALL=C sort
    cat <<'BODY'
_custosctl_globals="--workspace --operator --passphrase-file --card-pin-file --json --help --version"

_custosctl() {
    local cur prev words cword
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # The value of an option that names a file or a directory.
    case $prev in
    --workspace)
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return
        ;;
    --in | --out | --*-file | --cert | --csr | --csr-out | --kek | --key | --archive | --file | --signature | --aad | --sd-file | --exchange-key | --out-key | --out-cert | --transcript | --batch | --module)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
        ;;
    esac

    # The command path typed so far: leading words that are known children, options skipped. The
    # root's children are under "@" (bash has no empty associative key).
    local path="" i word
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
        --workspace | --operator | --passphrase-file | --card-pin-file) ((i++)); continue ;;
        -*) continue ;;
        esac
        if [[ " ${_custosctl_children[${path:-@}]-} " == *" $word "* ]]; then
            path="${path:+$path }$word"
        else
            break
        fi
    done

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${_custosctl_options[${path:-@}]-} $_custosctl_globals" -- "$cur")
    elif [[ -n ${_custosctl_children[${path:-@}]-} && $i -eq $COMP_CWORD ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${_custosctl_children[${path:-@}]}" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}
complete -o filenames -F _custosctl custosctl
BODY
} >"$tmp"
mv "$tmp" "$out"
