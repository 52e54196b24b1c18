#!/usr/bin/env bash
# Regenerates the certificate-file fixtures of tests/crypto/TestCertificateFiles.cpp and
# TestPkcs12.cpp with the OpenSSL CLI (3.0+). Small EC P-256 keys keep the files short. The
# PKCS#12 password is "custos-test" (kFixturePassword in the tests).
#   tests/data/x509/make-fixtures.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mkdir -p ../fuzz/certificate_file ../fuzz/pkcs12
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
password=custos-test

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/root.key" \
    -subj "/CN=Custos Fixture Root" -days 7300 -out "$work/root.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf-key.pem \
    -subj "/CN=leaf.example.test" -out "$work/leaf.csr" 2>/dev/null
openssl x509 -req -in "$work/leaf.csr" -CA "$work/root.pem" -CAkey "$work/root.key" -set_serial 2 \
    -days 7300 -out "$work/leaf.pem" 2>/dev/null

# Two certificates with text before, between and after them (as `openssl x509 -text` leaves it).
{
    echo "Bundle for the fixture tests"
    echo "subject=CN = leaf.example.test"
    cat "$work/leaf.pem"
    echo ""
    echo "subject=CN = Custos Fixture Root"
    cat "$work/root.pem"
    echo "end of bundle"
} >two-certs-with-text.pem

openssl x509 -in "$work/leaf.pem" -outform DER -out leaf.der
cp "$work/leaf.pem" leaf-pem-named.der # PEM content, DER name: detection is by content
head -c 100 leaf.der >truncated.der
openssl x509 -in "$work/root.pem" -addtrust serverAuth -out root-trusted.pem # TRUSTED CERTIFICATE
openssl crl2pkcs7 -nocrl -certfile "$work/leaf.pem" -certfile "$work/root.pem" -outform DER -out bundle.p7b
openssl crl2pkcs7 -nocrl -certfile "$work/leaf.pem" -certfile "$work/root.pem" -out bundle-p7.pem
mv leaf-key.pem private-key.pem # refused by readCertificateFile: no certificate

openssl pkcs12 -export -inkey private-key.pem -in "$work/leaf.pem" -certfile "$work/root.pem" \
    -name leaf -passout pass:$password -out modern.p12
openssl pkcs12 -export -legacy -inkey private-key.pem -in "$work/leaf.pem" -certfile "$work/root.pem" \
    -name leaf -passout pass:$password -out legacy.p12
openssl pkcs12 -export -nokeys -in "$work/leaf.pem" -certfile "$work/root.pem" \
    -passout pass:$password -out certs-only.p12
# No MAC: the password is checked only by decrypting (and fuzz inputs reach the safes).
openssl pkcs12 -export -nomac -inkey private-key.pem -in "$work/leaf.pem" -certfile "$work/root.pem" \
    -name leaf -passout pass:$password -out nomac.p12

# Seed corpora of the fuzz targets (tests/fuzz/fuzz_certificate_file.cpp, fuzz_pkcs12.cpp).
cp two-certs-with-text.pem leaf.der bundle.p7b bundle-p7.pem root-trusted.pem truncated.der ../fuzz/certificate_file/
cp modern.p12 legacy.p12 certs-only.p12 nomac.p12 ../fuzz/pkcs12/
