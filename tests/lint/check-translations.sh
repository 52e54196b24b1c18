#!/bin/sh
# Fails while a shipped language is incomplete: every message of custos_<lang>.ts (other than
# English) must be translated (no type="unfinished", no empty translation), and custos_en.ts, which
# carries the English plural forms, must have every numerus message finished with all its forms.
# Prints file:line, context and source of each offender, so the fix is one search away.
#   check-translations.sh TRANSLATIONS_DIR
set -eu
dir=${1:?usage: check-translations.sh TRANSLATIONS_DIR}
exec python3 - "$dir" <<'PY'
import glob, html, os, re, sys

directory = sys.argv[1]
files = sorted(glob.glob(os.path.join(directory, "custos_*.ts")))
if not files:
    print(f"check-translations: no custos_*.ts in {directory}")
    sys.exit(1)

context_re = re.compile(r"<context>(.*?)</context>", re.S)
name_re = re.compile(r"<name>(.*?)</name>", re.S)
message_re = re.compile(r"<message( [^>]*)?>(.*?)</message>", re.S)
source_re = re.compile(r"<source>(.*?)</source>", re.S)
translation_re = re.compile(r"<translation( [^>]*)?(?:/>|>(.*?)</translation>)", re.S)
form_re = re.compile(r"<numerusform[^>]*?(?:/>|>(.*?)</numerusform>)", re.S)

problems = 0
for path in files:
    english = os.path.basename(path) == "custos_en.ts"
    text = open(path, encoding="utf-8").read()
    for context in context_re.finditer(text):
        body = context.group(1)
        name_match = name_re.search(body)
        name = html.unescape(name_match.group(1)) if name_match else "?"
        for message in message_re.finditer(body):
            numerus = 'numerus="yes"' in (message.group(1) or "")
            if english and not numerus:
                continue  # the source is the English text
            inner = message.group(2)
            source = source_re.search(inner)
            translation = translation_re.search(inner)
            attributes = (translation.group(1) or "") if translation else ""
            content = (translation.group(2) or "") if translation else ""
            why = None
            if translation is None:
                why = "no translation"
            elif 'type="unfinished"' in attributes:
                why = "unfinished"
            elif numerus:
                forms = form_re.findall(content)
                if len(forms) < 2 or any(not f.strip() for f in forms):
                    why = "a plural form is empty"
            elif not content.strip():
                why = "empty translation"
            if why and 'type="vanished"' not in attributes and 'type="obsolete"' not in attributes:
                problems += 1
                line = text.count("\n", 0, context.start(1) + message.start()) + 1
                shown = html.unescape(source.group(1)) if source else "?"
                print(f"{path}:{line}: {why}: context {name}: {shown!r}")

if problems:
    print(f"check-translations: {problems} message(s) to finish (Qt Linguist, or the "
          "update_translations target and an editor)")
    sys.exit(1)
print(f"check-translations: {len(files)} file(s) complete")
PY
