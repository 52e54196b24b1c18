# Reads `custosctl --help` and prints one line per command path:
#   PATH<TAB>OPTIONS
# PATH is a command's leading words ("key create", "sd custodian create", "status"), OPTIONS the
# --options its entry names (continuation lines included), space-separated and unique. An entry
# with alternatives ("operator lockout show | lockout set ...") gives one line per alternative.
# The man page and the bash completion are both generated from the help through this file.
function flush(    i) {
    for (i = 1; i <= npaths; i++) print paths[i] "\t" opts
    npaths = 0; opts = ""; delete seen
}
# Words from position `from` of tok[] that are command words (lowercase, not an option's value).
function commandWords(from, n,    i, out) {
    out = ""
    for (i = from; i <= n; i++) {
        if (tok[i] !~ /^[a-z][a-z0-9-]*$/) break
        out = out (out == "" ? "" : " ") tok[i]
    }
    return out
}
function addOptions(text,    o) {
    while (match(text, /--[a-z][a-z0-9-]*/)) {
        o = substr(text, RSTART, RLENGTH)
        if (!(o in seen)) { seen[o] = 1; opts = opts (opts == "" ? "" : " ") o }
        text = substr(text, RSTART + RLENGTH)
    }
}
/^Commands:/ { inCommands = 1; next }
/^Global options/ { flush(); inCommands = 0; next }
!inCommands { next }
/^  [a-z]/ {
    flush()
    n = split(substr($0, 3), tok, /[ \t]+/)
    first = commandWords(1, n)
    paths[++npaths] = first
    split(first, firstWords, " ")
    for (i = 1; i < n; i++) {
        if (tok[i] != "|") continue
        alt = commandWords(i + 1, n)
        if (alt == "") continue
        split(alt, altWords, " ")
        prefix = ""
        for (j = 1; (j in firstWords) && firstWords[j] != altWords[1]; j++)
            prefix = prefix (prefix == "" ? "" : " ") firstWords[j]
        if (!(j in firstWords)) prefix = "" # not a sibling: a full path of its own ("cert issue")
        candidate = prefix (prefix == "" ? "" : " ") alt
        if (candidate != first) paths[++npaths] = candidate
    }
    addOptions($0)
    next
}
/^    / { addOptions($0) }
END { flush() }
