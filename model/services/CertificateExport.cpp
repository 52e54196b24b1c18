// `cert export --format pkcs12`: the certificate with its exportable software key and its chain,
// AES-256/PBKDF2 by default or the legacy 3DES/RC2 profile for old consumers. Audited as
// CertificateExport (certificates/export at the certificate).

#include "CertificateService.h"

#include "CertificateSupport_p.h"
#include "crypto/x509/Pkcs12.h"
#include "model/session/Session.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

namespace custos::model {

using namespace certsupport;

namespace {

const QString kExportPermission = QStringLiteral("certificates/export");

} // namespace

QCoro::Task<Outcome<QByteArray>> CertificateService::exportPkcs12(QString vault, QString name,
                                                                  std::shared_ptr<const crypto::SecureBuffer> password,
                                                                  bool legacy, OperationContext context)
{
    Operation op = certificateOperation(QStringLiteral("CertificateExport"), kExportPermission, vault, name, context);
    op.details.insert(QStringLiteral("format"), QStringLiteral("pkcs12"));
    op.details.insert(QStringLiteral("legacy"), legacy);
    op.details.insert(QStringLiteral("private"), true);

    struct State
    {
        keyuse::EngineKey key;
        QByteArray certificateDer;
        QList<QByteArray> issuersDer;
        QString versionId;
        QByteArray exported;
    };
    auto state = std::make_shared<State>();
    state->key.token = m_path.workspace().token();
    state->key.unsealed = m_path.session().sharedUnsealedKeys();
    state->key.hsm = m_hsm;
    const bool noPassword = !password || password->isEmpty();

    Steps<QByteArray> steps;
    steps.precheck = [state, vault, name, noPassword](Database& db) -> Outcome<void> {
        auto certificate = activeCertificate(db, vault, name);
        if (!certificate)
            return certificate.error();
        const CertificateVersion& version = certificate->currentVersion;
        if (version.isPending())
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("certificate '%1' is pending: its CSR waits for the external CA's "
                                            "certificate (`cert merge`)")
                                 .arg(name));
        auto key = KeyStore(db).find(certificate->vault, certificate->name);
        if (!key)
            return key.error();
        if (!key.value() || key.value()->id != certificate->keyId)
            return makeError(ErrorKind::Failed, QStringLiteral("the key of certificate '%1' is missing").arg(name));
        const KeyRecord& record = *key.value();
        if (record.publicOnly)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("certificate '%1' was imported without its private key: there is no "
                                            "PKCS#12 to export (export the certificate alone with --format pem)")
                                 .arg(name));
        if (record.protection == Protection::Hsm)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("certificate '%1' has an HSM-protected key: its private part never leaves "
                                            "the token, so there is no PKCS#12 to export (export the certificate "
                                            "alone with --format pem)")
                                 .arg(name));
        if (!record.exportable)
            return makeError(ErrorKind::Conflict,
                             QStringLiteral("the key of certificate '%1' is not exportable: only certificates issued "
                                            "or imported with --exportable export a PKCS#12 (export the certificate "
                                            "alone with --format pem)")
                                 .arg(name));
        if (noPassword)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("a password is required: the PKCS#12 file is always encrypted"));
        auto keyVersion = KeyStore(db).findVersion(record.id, version.keyVersionId);
        if (!keyVersion)
            return keyVersion.error();
        if (!keyVersion.value())
            return makeError(
                ErrorKind::Failed,
                QStringLiteral("key version %1 of certificate '%2' is missing").arg(version.keyVersionId, name));
        // The chain as `cert export --chain` gives it, leaf first.
        auto chain = chainOf(db, version, name);
        if (!chain)
            return chain.error();
        state->certificateDer = version.der;
        state->issuersDer = chain.value().mid(1);
        state->versionId = version.id;
        state->key.resolved = keyuse::ResolvedKey{record, *keyVersion.value()};
        return keyuse::loadSealed(db, state->key);
    };
    const x509::Pkcs12Profile profile = legacy ? x509::Pkcs12Profile::Legacy : x509::Pkcs12Profile::Modern;
    steps.engine = [state, password, profile, name]() -> Outcome<void> {
        auto software = keyuse::softwareKey(state->key);
        state->key.sealed.clear();
        if (!software)
            return software.error();
        auto der = software.value()->toPrivateDer();
        if (!der)
            return der.error();
        auto p12 = x509::writePkcs12(der.value(), state->certificateDer, state->issuersDer, *password, profile, name);
        if (!p12)
            return p12.error();
        state->exported = p12.take();
        return {};
    };
    steps.persist = [state](Database&, QJsonObject& details) -> Outcome<QByteArray> {
        details.insert(QStringLiteral("version"), state->versionId);
        details.insert(QStringLiteral("keyVersion"), state->key.resolved.version.id);
        details.insert(QStringLiteral("chainLength"), int(state->issuersDer.size()) + 1);
        return state->exported;
    };
    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    co_return outcome;
}

} // namespace custos::model
