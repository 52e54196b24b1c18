#!/usr/bin/env bash
# An independent BYOK generator: a .byok file (Azure Key Vault's transfer format) made with the
# OpenSSL command line only (python3's standard library for base64url and JSON), to prove that
# Custos reads what other tools write. It follows Azure's BYOK specification, not Custos's code:
#   ciphertext = RSA-OAEP(SHA-1, MGF1-SHA-1)(KEK, ephemeral AES-256 key)
#                || AES key wrap with padding (RFC 5649)(ephemeral key, target)
# where the target is an RSA or EC private key as PKCS#8 PrivateKeyInfo DER, or an AES key's bytes.
#
#   make-byok.sh KEK.pem TARGET KID OUT.byok
#     KEK.pem  the key exchange key's public key (PEM, as `custosctl key export --format pem` writes)
#     TARGET   a private key that `openssl pkcs8` reads (PEM or DER), or a raw AES key of 16, 24 or
#              32 bytes (binary)
set -euo pipefail
if [[ $# -ne 4 ]]; then
    echo "usage: $0 KEK.pem TARGET KID OUT.byok" >&2
    exit 2
fi
kek=$1 target=$2 kid=$3 out=$4

work=$(mktemp -d -t make-byok.XXXXXX)
chmod 700 "$work"
trap 'rm -rf "$work"' EXIT

size=$(stat -c %s "$target")
if [[ $size == 16 || $size == 24 || $size == 32 ]]; then
    cp "$target" "$work/target.bin"
elif head -c 11 "$target" | grep -q -- '-----BEGIN'; then
    openssl pkcs8 -topk8 -nocrypt -inform PEM -in "$target" -outform DER -out "$work/target.bin"
else
    openssl pkcs8 -topk8 -nocrypt -inform DER -in "$target" -outform DER -out "$work/target.bin"
fi

# The ephemeral AES-256 key, used once.
openssl rand -out "$work/aes.bin" 32
aes_hex=$(od -An -v -tx1 "$work/aes.bin" | tr -d ' \n')

openssl pkeyutl -encrypt -pubin -inkey "$kek" -in "$work/aes.bin" -out "$work/aes.enc" \
    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha1 -pkeyopt rsa_mgf1_md:sha1
# A65959A6 is RFC 5649's alternative initial value (OpenSSL's default for this cipher too).
openssl enc -id-aes256-wrap-pad -K "$aes_hex" -iv A65959A6 -in "$work/target.bin" -out "$work/target.wrap"
cat "$work/aes.enc" "$work/target.wrap" >"$work/ciphertext.bin"

python3 - "$work/ciphertext.bin" "$kid" "$out" <<'PY'
import base64, json, sys
ciphertext = open(sys.argv[1], "rb").read()
document = {
    "schema_version": "1.0.0",
    "header": {"kid": sys.argv[2], "alg": "dir", "enc": "CKM_RSA_AES_KEY_WRAP"},
    "ciphertext": base64.urlsafe_b64encode(ciphertext).decode("ascii").rstrip("="),
    "generator": "make-byok.sh (OpenSSL command line)",
}
with open(sys.argv[3], "w") as f:
    json.dump(document, f, indent=2)
    f.write("\n")
PY
