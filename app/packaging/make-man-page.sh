#!/bin/sh
# make-man-page.sh CUSTOSCTL OUT: writes custosctl(1), generated from `custosctl --help` and
# `--version` at build time, so the manual never lags behind the commands. The sections that are
# not in the help (description, environment, files) are written here.
set -eu
custosctl=$1
out=$2
tmp="$out.tmp"
version=$("$custosctl" --version | awk '{print $2}')
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)

# roff: backslashes and hyphens escaped, a leading dot or quote neutralised.
escape() {
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\\&&/"
}

{
    printf '.TH CUSTOSCTL 1 "%s" "custosctl %s" "Custos"\n' "$date" "$version"
    cat <<'EOT'
.SH NAME
custosctl \- key custody administration on a PKCS#11 token, from the command line
.SH SYNOPSIS
.B custosctl
[\fB\-\-workspace\fR \fIDIR\fR] [\fB\-\-operator\fR \fINAME\fR] [\fB\-\-passphrase\-file\fR \fIF\fR]
\fICOMMAND\fR [\fISUBCOMMAND\fR] [\fIARGS\fR] [\fIOPTIONS\fR]
.SH DESCRIPTION
.B custosctl
manages the vaults, keys, certificates, role assignments, audit trail and security domain of a
Custos workspace: a directory holding a SQLite database and a SoftHSM2 token, or attached to
any PKCS#11 token. Every operation is authorised against the operator's roles and recorded in
the workspace's hash\-chained audit trail, denied attempts too. The graphical console is
.BR custos (1).
.SH COMMANDS
EOT
    "$custosctl" --help | awk '
        /^Commands:/ { on = 1; next }
        /^Global options/ { on = 0 }
        on && /^  [a-z]/ { sub(/^  /, ""); split($0, w, " "); if (w[1] != group) { group = w[1]; print "@SS " group } print "@TP " $0; next }
        on && /^    / { sub(/^ +/, ""); print "@CONT " $0 }' |
        while IFS= read -r line; do
            case $line in
            "@SS "*) printf '.SS %s\n' "$(printf '%s' "${line#@SS }" | escape)" ;;
            "@TP "*) printf '.TP\n.B %s\n' "$(printf '%s' "${line#@TP }" | escape)" ;;
            "@CONT "*) printf '%s\n.br\n' "$(printf '%s' "${line#@CONT }" | escape)" ;;
            esac
        done
    printf '.SH OPTIONS\n.nf\n'
    "$custosctl" --help | awk '/^Global options/ { on = 1; next } on && /^Exit status/ { on = 0 } on' | escape
    printf '.fi\n'
    cat <<'EOT'
.SH EXIT STATUS
0 on success; 1 for a refused or failed operation (one line on standard error saying why); 2 for
bad usage.
.SH ENVIRONMENT
.TP
.B CUSTOS_WORKSPACE
the workspace directory when \fB\-\-workspace\fR is not given
.TP
.B CUSTOS_OPERATOR
the operator when \fB\-\-operator\fR is not given
.TP
.B CUSTOS_PASSPHRASE
the operator's passphrase when \fB\-\-passphrase\-file\fR is not given (prefer the file)
.TP
.B CUSTOS_CARD_PIN
the PIN of an operator's enrolled card when \fB\-\-card\-pin\-file\fR is not given
.SH FILES
.TP
.I ~/.local/share/custos/workspace
the default workspace (the standard data location)
.SH SEE ALSO
.BR custos (1),
.BR softhsm2\-util (1),
.BR pkcs11\-tool (1)
EOT
} >"$tmp"
mv "$tmp" "$out"
