#pragma once

// Private to crypto/x509: conversions between OpenSSL's ASN.1 types and Qt's (names, times,
// integers, PEM, key descriptions), shared by the builders and the readers.

#include "X509Handles_p.h"

#include "crypto/Outcome.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace custos::crypto::x509::detail {

// "CN=web01.example.test, O=Example Ltd, C=DE" (DistinguishedName.cpp).
QString nameText(const X509_NAME* name);

// UTCTime up to 2049, GeneralizedTime after (RFC 5280), whole seconds; nullptr for an invalid time.
Asn1TimePtr asn1Time(const QDateTime& utc);
// Invalid QDateTime for nullptr or an unreadable time.
QDateTime dateTime(const ASN1_TIME* time);
QString dateText(const QDateTime& utc); // "2027-01-01 12:00:00 UTC"

// A non-negative INTEGER from big-endian bytes, and back (minimal form, at least one byte).
Asn1IntegerPtr asn1Integer(const QByteArray& bigEndian);
QByteArray integerBytes(const ASN1_INTEGER* integer);
QString integerHex(const ASN1_INTEGER* integer); // upper-case, no leading zeros

// "-----BEGIN <label>-----", base64 in 64-column lines, "-----END <label>-----\n".
QByteArray pemEncode(const char* label, const QByteArray& der);
bool looksLikePem(const QByteArray& bytes); // holds a "-----BEGIN " line

// IPv4 (4 bytes) or IPv6 (16 bytes) from a literal; empty when `text` is not one (inet_pton's
// strict form: dotted quad, no scope, no prefix length). And back: IPv6 compressed, lower-case.
QByteArray ipAddressBytes(const QString& text);
QString ipAddressText(const QByteArray& bytes); // empty for other lengths

// "RSA 2048", "EC P-256", "Ed25519".
QString keyDescription(const EVP_PKEY* key);
PkeyPtr publicKeyFromDer(const QByteArray& subjectPublicKeyDer); // nullptr for bad DER

// Invalid "<prefix>: <OpenSSL's reason>" (the error queue is drained).
Error invalidInput(const QString& prefix);

} // namespace custos::crypto::x509::detail
