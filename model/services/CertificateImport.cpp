// `cert import`: a certificate with its chain and private key from PKCS#12 or PEM, or from DER,
// PKCS#7 or PEM with the key in a file of its own. The key becomes the certificate's key: an HSM key
// (token objects made from it, CKA_ID = the key version id, destroyed again when the commit fails)
// or a software key sealed under the token's sealing key. A certificate without its private key (a
// trust anchor, a partner's verify-only certificate) gets a public-only key: nothing on the token,
// nothing sealed. Nothing is stored on failure.

#include "CertificateService.h"

#include "CertificateSupport_p.h"
#include "VaultService.h"
#include "crypto/Random.h"
#include "crypto/x509/CertificateFiles.h"
#include "crypto/x509/CertificateInfo.h"
#include "crypto/x509/ChainVerification.h"
#include "crypto/x509/PemPrivateKey.h"
#include "crypto/x509/Pkcs12.h"
#include "model/session/Workspace.h"
#include "model/store/Stores.h"

#include <QJsonArray>

namespace custos::model {

using namespace certsupport;
using crypto::KeyKind;
using crypto::SecureBuffer;

namespace {

// What the file held, read in the precheck; the engine seals the key, persist stores the rest.
struct ImportState
{
    QString format;
    QStringList warnings;
    bool publicOnly = false; // the file came without a private key and none was given (--key)
    QByteArray leafDer;
    QList<QByteArray> issuersDer; // ordered, the leaf's issuer first
    x509::CertificateInfo info;
    KeyKind kind = KeyKind::Ec;
    int size = 0;
    QString curve;
    Protection protection = Protection::Software;
    QString keyVersionId;
    // The key for the shared import engine (keysupport::makeImportEngine): shape, private key, and
    // the public key the token must report back.
    std::shared_ptr<keysupport::ImportedMaterial> in = std::make_shared<keysupport::ImportedMaterial>();
    SecureBuffer& privateKey() { return in->privateKey; }
};

QString fileName(const CertificateImportRequest& request)
{
    return request.fileName.isEmpty() ? QStringLiteral("the certificate file") : request.fileName;
}
QString keyFileName(const CertificateImportRequest& request)
{
    return request.keyFileName.isEmpty() ? QStringLiteral("the key file") : request.keyFileName;
}

bool isNotPkcs12(const Error& error)
{
    return error.message.startsWith(QLatin1String("not a PKCS#12 file"));
}

// The file's certificates and key, by content: PKCS#12 first, then PEM, DER, PKCS#7.
Outcome<void> readImportFile(const QByteArray& bytes, const SecureBuffer* password, ImportState& state,
                             QList<QByteArray>& certificates, bool keyFileGiven)
{
    const SecureBuffer empty;
    const QString keyTwice =
        QStringLiteral("the certificate file holds a private key already: leave out the separate key file (--key)");
    auto p12 = x509::readPkcs12(bytes, password ? *password : empty);
    if (p12) {
        state.format = QStringLiteral("PKCS#12 (%1)").arg(p12->encryption);
        if (p12->legacy)
            state.warnings << QStringLiteral("the PKCS#12 file uses legacy encryption (%1): it is weak, prefer "
                                             "files protected with AES-256 and PBKDF2")
                                  .arg(p12->encryption);
        state.publicOnly = p12->privateKeyPkcs8Der.isEmpty() && !keyFileGiven;
        if (!p12->privateKeyPkcs8Der.isEmpty() && keyFileGiven)
            return makeError(ErrorKind::Invalid, keyTwice);
        certificates << p12->certificateDer << p12->chainDer;
        if (keyFileGiven || state.publicOnly)
            return {};
        state.privateKey() = std::move(p12->privateKeyPkcs8Der);
        return {};
    }
    if (!isNotPkcs12(p12.error())) {
        if (!password && p12.error().message.startsWith(QLatin1String("wrong password")))
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("the file is a password-protected PKCS#12 file: give its password "
                                            "(--password-file F)"));
        return p12.error();
    }
    auto file = x509::readCertificateFile(bytes);
    if (!file)
        return file.error();
    state.format = x509::certificateFileFormatName(file->format);
    certificates = file->certificatesDer;
    const bool hasKey = file->format == x509::CertificateFileFormat::Pem && x509::hasPemPrivateKey(bytes);
    if (keyFileGiven)
        return hasKey ? makeError(ErrorKind::Invalid, keyTwice) : Outcome<void>();
    if (!hasKey) {
        state.publicOnly = true;
        return {};
    }
    auto key = x509::readPemPrivateKey(bytes, password);
    if (!key)
        return key.error();
    state.privateKey() = key.take();
    return {};
}

// A certificate alone: its public key is the key (a public-only key, verify and for RSA encrypt and
// wrapKey); the type and size or curve from the certificate.
Outcome<void> checkPublicKey(ImportState& state, const QString& description)
{
    state.in->material->publicKeyDer = state.info.subjectPublicKeyDer;
    const QStringList words = description.split(QLatin1Char(' '));
    state.size = state.kind == KeyKind::Rsa && words.size() > 1 ? words.at(1).toInt() : 0;
    state.curve = state.kind == KeyKind::Ec && words.size() > 1 ? words.at(1) : QString();
    if (auto shape = normaliseKeyShape(state.kind, &state.size, &state.curve, 2048); !shape)
        return makeError(ErrorKind::Invalid, QStringLiteral("the certificate's key cannot be used: %1 (the key is %2)")
                                                 .arg(shape.error().message, description));
    state.protection = Protection::Software; // nothing on the token, nothing sealed
    return {};
}

// Without a private key the leaf is the certificate that issued none of the others (file order
// decides between several).
Outcome<QByteArray> leafPublicKey(const QList<QByteArray>& certificates)
{
    QList<x509::CertificateInfo> infos;
    for (const QByteArray& der : certificates) {
        auto info = x509::inspectCertificate(der);
        if (!info)
            return info.error();
        infos << info.take();
    }
    for (int i = 0; i < infos.size(); ++i) {
        bool issuesAnother = false;
        for (int j = 0; j < infos.size(); ++j)
            issuesAnother =
                issuesAnother || (i != j && infos.at(j).issuer == infos.at(i).subject && !infos.at(j).selfSigned);
        if (!issuesAnother)
            return infos.at(i).subjectPublicKeyDer;
    }
    if (infos.isEmpty())
        return makeError(ErrorKind::Invalid, QStringLiteral("the file holds no certificate"));
    return infos.first().subjectPublicKeyDer;
}

// The key's type and shape, and that it is the key the leaf certifies.
Outcome<void> checkKey(ImportState& state)
{
    auto info = x509::inspectCertificate(state.leafDer);
    if (!info)
        return info.error();
    state.info = info.take();
    const QString description = state.info.keyDescription;
    if (description.startsWith(QLatin1String("RSA")))
        state.kind = KeyKind::Rsa;
    else if (description.startsWith(QLatin1String("EC")))
        state.kind = KeyKind::Ec;
    else
        return makeError(ErrorKind::Invalid,
                         QStringLiteral("the certificate's key is %1: expected an RSA or EC key").arg(description));
    if (state.publicOnly)
        return checkPublicKey(state, description);
    auto key = crypto::SoftwareKey::fromPrivateDer(state.kind, state.privateKey());
    if (!key)
        return makeError(ErrorKind::Invalid, QStringLiteral("the private key is not a %1 key the certificate "
                                                            "certifies: %2")
                                                 .arg(description, key.error().message));
    auto publicKey = key->publicKeyDer();
    if (!publicKey)
        return publicKey.error();
    auto matches = x509::certifiesPublicKey(state.leafDer, publicKey.value());
    if (!matches)
        return matches.error();
    if (!matches.value())
        return makeError(ErrorKind::Invalid, QStringLiteral("the private key does not belong to the certificate "
                                                            "'%1': its public key differs")
                                                 .arg(state.info.subject));
    state.in->material->publicKeyDer = publicKey.value();
    state.size = state.kind == KeyKind::Rsa ? key->bits() : 0;
    state.curve = key->curve();
    if (auto shape = normaliseKeyShape(state.kind, &state.size, &state.curve, 2048); !shape)
        return makeError(ErrorKind::Invalid, QStringLiteral("the imported key cannot be used: %1 (the key is %2)")
                                                 .arg(shape.error().message, description));
    return {};
}

// Everything but the key: the leaf is the certificate of the key, the others must link to it.
Outcome<void> readImport(const CertificateImportRequest& request, ImportState& state)
{
    QList<QByteArray> certificates;
    const bool keyFileGiven = !request.keyFileBytes.isEmpty();
    if (auto read = readImportFile(request.fileBytes, request.password.get(), state, certificates, keyFileGiven); !read)
        return read;
    if (keyFileGiven) {
        auto keyFile = x509::readPrivateKeyFile(request.keyFileBytes, request.password.get());
        if (!keyFile)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("%1: %2").arg(keyFileName(request), keyFile.error().message));
        state.privateKey() = keyFile.take();
    }
    if (state.publicOnly) {
        if (request.exportable)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("the file holds a certificate without its private key: there is no "
                                            "private key to make exportable (leave out --exportable)"));
        auto leafKey = leafPublicKey(certificates);
        if (!leafKey)
            return leafKey.error();
        auto ordered = x509::orderChain(certificates, leafKey.value());
        if (!ordered)
            return ordered.error();
        state.leafDer = ordered->takeFirst();
        state.issuersDer = ordered.take();
        return checkKey(state);
    }
    // The leaf: the certificate of the private key, wherever it sits in the file.
    auto key = crypto::SoftwareKey::fromPrivateDer(KeyKind::Rsa, state.privateKey());
    if (!key)
        key = crypto::SoftwareKey::fromPrivateDer(KeyKind::Ec, state.privateKey());
    if (!key)
        return makeError(ErrorKind::Invalid, QStringLiteral("the private key is neither an RSA nor an EC key"));
    auto publicKey = key->publicKeyDer();
    if (!publicKey)
        return publicKey.error();
    if (keyFileGiven) {
        // Said plainly rather than as a chain that does not link: the two files do not belong together.
        bool certified = false;
        for (const QByteArray& certificate : certificates) {
            auto matches = x509::certifiesPublicKey(certificate, publicKey.value());
            certified = certified || (matches && matches.value());
        }
        if (!certified)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("the key in %1 does not belong to the certificate in %2")
                                 .arg(keyFileName(request), fileName(request)));
    }
    auto ordered = x509::orderChain(certificates, publicKey.value());
    if (!ordered)
        return ordered.error();
    state.leafDer = ordered->takeFirst();
    state.issuersDer = ordered.take();
    return checkKey(state);
}

QString profileOf(const x509::CertificateInfo& info)
{
    if (info.isCa)
        return QStringLiteral("ca");
    const bool server = info.extendedKeyUsages.contains(QLatin1String("serverAuth"));
    const bool client = info.extendedKeyUsages.contains(QLatin1String("clientAuth"));
    if (info.extendedKeyUsages.size() == 2 && server && client)
        return QStringLiteral("tls-server-client");
    if (info.extendedKeyUsages.size() == 1 && server)
        return QStringLiteral("tls-server");
    if (info.extendedKeyUsages.size() == 1 && client)
        return QStringLiteral("tls-client");
    if (info.extendedKeyUsages == QStringList{QStringLiteral("codeSigning")})
        return QStringLiteral("code-signing");
    return QStringLiteral("custom");
}

// An imported certificate's policy: what it says, issuer Unknown (renewed by a new CSR).
CertificatePolicy policyOf(const ImportState& state, bool exportable)
{
    CertificatePolicy policy;
    policy.issuer = QStringLiteral("Unknown");
    policy.profile = profileOf(state.info);
    policy.subject = state.info.subject;
    for (const auto& san : state.info.subjectAltNames)
        policy.subjectAltNames << x509::subjectAltNameText(san);
    if (policy.profile == QLatin1String("custom")) {
        policy.keyUsages = state.info.keyUsages;
        policy.extendedKeyUsages = state.info.extendedKeyUsages;
    }
    policy.kty = state.kind;
    policy.size = state.size;
    policy.curve = state.curve;
    policy.protection = state.protection;
    policy.exportable = exportable;
    const qint64 days = state.info.notBefore.daysTo(state.info.notAfter);
    policy.validityMonths = std::max<int>(1, int((days + 15) / 30));
    return policy;
}

} // namespace

QCoro::Task<Outcome<CertificateImportResult>> CertificateService::importCertificate(CertificateImportRequest request,
                                                                                    OperationContext context)
{
    const bool protectionGiven = request.protection.has_value();
    if (!request.protection && VaultService::isValidName(request.vault)) {
        auto vault = VaultStore(m_path.database()).find(request.vault);
        request.protection = vault && vault.value() ? vault.value()->protection : Protection::Hsm;
    }
    const Protection protection = request.protection.value_or(Protection::Hsm);
    Operation op = certificateOperation(QStringLiteral("CertificateImport"), kWritePermission, request.vault,
                                        request.name, context);
    op.details.insert(QStringLiteral("protection"), protectionName(protection));
    op.details.insert(QStringLiteral("exportable"), request.exportable);

    auto state = std::make_shared<ImportState>();
    state->protection = protection;
    state->keyVersionId = crypto::randomId();
    const QString certificateVersionId = crypto::randomId();
    const QDateTime now = m_path.now();

    Steps<CertificateImportResult> steps;
    // The file is read after authorisation: an operator without certificates/write learns nothing of it.
    steps.precheck = [state, request, protection, protectionGiven](Database& db) -> Outcome<void> {
        if (auto names = checkNames(request.vault, request.name); !names)
            return names;
        auto vault = keysupport::activeVault(db, request.vault);
        if (!vault)
            return vault.error();
        if (protection == Protection::Hsm && request.exportable)
            return makeError(ErrorKind::Invalid,
                             QStringLiteral("certificate '%1' cannot have an exportable key: %2HSM keys never leave "
                                            "the token (import with --protection software to keep it exportable)")
                                 .arg(request.name, protectionGiven ? QString()
                                                                    : QStringLiteral("the vault's keys are HSM keys "
                                                                                     "by default and ")));
        if (auto free = checkNameFree(db, vault->name, request.name); !free)
            return free;
        if (auto read = readImport(request, *state); !read)
            return read;
        state->in->shape = keysupport::VersionShape{request.vault, request.name, state->kind,
                                                    state->size,   state->curve, state->protection};
        // A public-only key is stored as software in any vault: there is nothing to protect.
        if (vault->protection == Protection::Hsm && protection == Protection::Software && !state->publicOnly)
            return makeError(ErrorKind::Invalid, QStringLiteral("vault '%1' is hsm-protected: software keys are "
                                                                "not allowed")
                                                     .arg(vault->name));
        return {};
    };
    // The key becomes token objects under CKA_ID = the key version id (with an intent row, destroyed
    // again when the commit fails) or is sealed: the engine key import shares. A certificate alone
    // needs no engine step.
    keysupport::VersionEngine engine =
        keysupport::makeImportEngine(m_path.workspace().token(), protection, state->keyVersionId, state->in);
    steps.intentId = engine.intentId;
    steps.engine = [state, work = std::move(engine.engine)]() -> Outcome<void> {
        if (state->publicOnly)
            return {};
        return work();
    };
    steps.undoEngine = std::move(engine.undo);
    const bool exportable = request.exportable;
    steps.persist = [state, request, exportable, certificateVersionId,
                     now](Database& db, QJsonObject& details) -> Outcome<CertificateImportResult> {
        IssuanceState issuance;
        issuance.shape = keysupport::VersionShape{request.vault, request.name, state->kind,
                                                  state->size,   state->curve, state->protection};
        issuance.keyVersionId = state->keyVersionId;
        issuance.material = state->in->material;
        issuance.certificateDer = state->leafDer;
        // A CA certificate without its key is a trust anchor, not a CA that Custos can issue with.
        const bool isCa = state->info.isCa && !state->publicOnly;
        KeyRecord key;
        key.name = request.name;
        key.vault = request.vault;
        key.kty = state->kind;
        key.size = state->size;
        key.curve = state->curve;
        key.protection = state->protection;
        key.exportable = exportable;
        key.keyOps = isCa ? QStringList{QStringLiteral("sign"), QStringLiteral("verify")}
                          : certificateKeyOps(state->kind, exportable);
        if (isCa && exportable)
            key.keyOps << QStringLiteral("export");
        key.isCaKey = isCa;
        key.publicOnly = state->publicOnly;
        if (state->publicOnly) {
            key.keyOps = state->kind == KeyKind::Rsa ? QStringList{QStringLiteral("verify"), QStringLiteral("encrypt"),
                                                                   QStringLiteral("wrapKey")}
                                                     : QStringList{QStringLiteral("verify")};
            key.protection = Protection::Software;
            key.exportable = false;
        }
        CertificateRecord certificate;
        certificate.vault = request.vault;
        certificate.name = request.name;
        certificate.isCa = isCa;
        certificate.policy = policyOf(*state, exportable);
        if (isCa) {
            certificate.ca.pathLength = state->info.pathLength.value_or(-1);
            certificate.ca.permittedDnsSubtrees = state->info.permittedDnsSubtrees;
        }
        auto created = persistIssuance(db, issuance, certificate, key, certificateVersionId, now, details);
        if (!created)
            return created.error();
        if (!state->issuersDer.isEmpty()) {
            auto bundle = x509::writePkcs7Bundle(state->issuersDer);
            if (!bundle)
                return bundle.error();
            created->currentVersion.chainDer = bundle.value();
            if (auto stored = CertificateStore(db).updateVersion(created->currentVersion); !stored)
                return stored.error();
        }
        details.insert(QStringLiteral("format"), state->format);
        details.insert(QStringLiteral("chainLength"), int(state->issuersDer.size()) + 1);
        details.insert(QStringLiteral("hasPrivateKey"), !state->publicOnly);
        if (!state->warnings.isEmpty())
            details.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(state->warnings));
        CertificateImportResult result;
        result.certificate = created.value();
        result.format = state->format;
        result.hasPrivateKey = !state->publicOnly;
        result.chainLength = int(state->issuersDer.size()) + 1;
        result.warnings = state->warnings;
        return result;
    };

    auto task = m_path.run(std::move(op), std::move(steps));
    auto outcome = co_await task;
    if (outcome)
        Q_EMIT certificatesChanged(outcome->certificate.vault);
    co_return outcome;
}

} // namespace custos::model
