#include "ChainVerification.h"

#include "X509Encoding_p.h"

#include "crypto/ossl/OsslError.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <vector>

namespace custos::crypto::x509 {

namespace {
Error invalid(const QString& message)
{
    return makeError(ErrorKind::Invalid, message);
}

QString subjectOf(const X509* certificate)
{
    return certificate ? QStringLiteral("'%1'").arg(detail::nameText(X509_get_subject_name(certificate)))
                       : QStringLiteral("a certificate");
}

Outcome<X509StackPtr> parseAll(const QList<QByteArray>& certificatesDer, const char* role)
{
    X509StackPtr stack(sk_X509_new_null());
    if (!stack)
        return ossl::opensslError("sk_X509_new_null");
    for (qsizetype i = 0; i < certificatesDer.size(); ++i) {
        auto certificate = parseDer<X509Ptr>(d2i_X509, certificatesDer.at(i));
        if (!certificate)
            return detail::invalidInput(
                QStringLiteral("%1 %2 is not a DER X.509 certificate").arg(QLatin1String(role)).arg(i + 1));
        if (sk_X509_push(stack.get(), certificate.get()) <= 0)
            return ossl::opensslError("sk_X509_push");
        certificate.release();
    }
    return stack;
}

// What X509_verify_cert found, naming the certificate it was looking at.
Error chainError(X509_STORE_CTX* context)
{
    const int error = X509_STORE_CTX_get_error(context);
    const X509* certificate = X509_STORE_CTX_get_current_cert(context);
    const QString subject = subjectOf(certificate);
    switch (error) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return invalid(QStringLiteral("the chain does not link: no issuer found for %1 (issuer '%2')")
                           .arg(subject, detail::nameText(X509_get_issuer_name(certificate))));
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        return invalid(
            QStringLiteral("the chain does not link: %1 is self-signed and not a trusted root").arg(subject));
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return invalid(QStringLiteral("%1 expired on %2")
                           .arg(subject, detail::dateText(detail::dateTime(X509_get0_notAfter(certificate)))));
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return invalid(QStringLiteral("%1 is not valid before %2")
                           .arg(subject, detail::dateText(detail::dateTime(X509_get0_notBefore(certificate)))));
    default:
        return invalid(QStringLiteral("%1 does not verify: %2")
                           .arg(subject, QString::fromLatin1(X509_verify_cert_error_string(error))));
    }
}

bool issued(X509* issuer, X509* subject)
{
    if (X509_check_issued(issuer, subject) != X509_V_OK)
        return false;
    EVP_PKEY* key = X509_get0_pubkey(issuer);
    return key && X509_verify(subject, key) == 1;
}
} // namespace

Outcome<void> verifyChain(const QByteArray& leafDer, const QList<QByteArray>& intermediatesDer,
                          const QList<QByteArray>& rootsDer, const QDateTime& at)
{
    if (rootsDer.isEmpty())
        return invalid(QStringLiteral("no trust anchor given: the chain needs at least one root certificate"));
    auto leaf = parseDer<X509Ptr>(d2i_X509, leafDer);
    if (!leaf)
        return detail::invalidInput(QStringLiteral("the leaf is not a DER X.509 certificate"));
    auto intermediates = parseAll(intermediatesDer, "intermediate");
    if (!intermediates)
        return intermediates.error();
    auto roots = parseAll(rootsDer, "root");
    if (!roots)
        return roots.error();

    X509StorePtr store(X509_STORE_new());
    if (!store)
        return ossl::opensslError("X509_STORE_new");
    for (int i = 0; i < sk_X509_num(roots->get()); ++i)
        if (X509_STORE_add_cert(store.get(), sk_X509_value(roots->get(), i)) != 1)
            ERR_clear_error(); // the same root twice
    X509StoreCtxPtr context(X509_STORE_CTX_new());
    if (!context || X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), intermediates->get()) != 1)
        return ossl::opensslError("X509_STORE_CTX_init");
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(context.get());
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(at.toSecsSinceEpoch()));
    // Every certificate in `rootsDer` is an anchor, self-signed or not (an intermediate trusted as such).
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    const int verified = X509_verify_cert(context.get());
    if (verified == 1)
        return {};
    Error error = verified == 0 ? chainError(context.get()) : ossl::opensslError("X509_verify_cert");
    ERR_clear_error();
    return error;
}

Outcome<QList<QByteArray>> orderChain(const QList<QByteArray>& certificatesDer, const QByteArray& leafPublicKeyDer)
{
    auto leafKey = detail::publicKeyFromDer(leafPublicKeyDer);
    if (!leafKey)
        return detail::invalidInput(QStringLiteral("the leaf's public key is not a DER SubjectPublicKeyInfo"));
    std::vector<X509Ptr> remaining;
    QList<QByteArray> remainingDer;
    for (qsizetype i = 0; i < certificatesDer.size(); ++i) {
        if (remainingDer.contains(certificatesDer.at(i)))
            continue; // the same certificate twice
        auto certificate = parseDer<X509Ptr>(d2i_X509, certificatesDer.at(i));
        if (!certificate)
            return detail::invalidInput(QStringLiteral("certificate %1 is not a DER X.509 certificate").arg(i + 1));
        remaining.push_back(std::move(certificate));
        remainingDer.append(certificatesDer.at(i));
    }

    qsizetype current = -1;
    for (std::size_t i = 0; i < remaining.size() && current < 0; ++i) {
        const EVP_PKEY* key = X509_get0_pubkey(remaining.at(i).get());
        if (key && EVP_PKEY_eq(key, leafKey.get()) == 1)
            current = static_cast<qsizetype>(i);
    }
    ERR_clear_error();
    if (current < 0)
        return invalid(QStringLiteral("the chain does not link: no certificate holds the leaf's public key"));

    QList<QByteArray> ordered;
    const QString leafSubject = subjectOf(remaining.at(static_cast<std::size_t>(current)).get());
    while (current >= 0) {
        X509Ptr certificate = std::move(remaining[static_cast<std::size_t>(current)]);
        ordered.append(remainingDer.at(current));
        remaining.erase(remaining.begin() + current);
        remainingDer.removeAt(current);
        current = -1;
        if (X509_check_issued(certificate.get(), certificate.get()) == X509_V_OK)
            break; // a root: nothing above it
        for (std::size_t i = 0; i < remaining.size() && current < 0; ++i)
            if (issued(remaining.at(i).get(), certificate.get()))
                current = static_cast<qsizetype>(i);
    }
    ERR_clear_error();
    if (!remaining.empty())
        return invalid(QStringLiteral("the chain does not link: %1 does not belong to the chain of %2")
                           .arg(subjectOf(remaining.front().get()), leafSubject));
    return ordered;
}

} // namespace custos::crypto::x509
