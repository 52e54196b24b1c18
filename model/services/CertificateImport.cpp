// `cert import`: a certificate with its chain and private key from PKCS#12 or PEM, or from DER,
// PKCS#7 or PEM with the key in a file of its own. The key becomes the certificate's key: an HSM key
// (token objects made from it, CKA_ID = the key version id, destroyed again when the commit fails)
// or a software key sealed under the token's sealing key. Nothing is stored on failure.

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
    SecureBuffer privateKey; // PKCS#8 DER; cleared once sealed
    QByteArray leafDer;
    QList<QByteArray> issuersDer; // ordered, the leaf's issuer first
    x509::CertificateInfo info;
    KeyKind kind = KeyKind::Ec;
    int size = 0;
    QString curve;
    Protection protection = Protection::Software;
    QString keyVersionId;
    crypto::Token* token = nullptr;
    std::shared_ptr<keysupport::VersionMaterial> material = std::make_shared<keysupport::VersionMaterial>();
};

const QString kNoPrivateKey =
    QStringLiteral("the file holds no private key: give the key in a file of its own (--key F); importing trust "
                   "anchors and verify-only certificates comes with the import issue (8)");

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
        if (p12->privateKeyPkcs8Der.isEmpty() && !keyFileGiven)
            return makeError(ErrorKind::Invalid, kNoPrivateKey);
        if (!p12->privateKeyPkcs8Der.isEmpty() && keyFileGiven)
            return makeError(ErrorKind::Invalid, keyTwice);
        certificates << p12->certificateDer << p12->chainDer;
        if (keyFileGiven)
            return {};
        state.privateKey = std::move(p12->privateKeyPkcs8Der);
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
    if (!hasKey)
        return makeError(ErrorKind::Invalid, kNoPrivateKey);
    auto key = x509::readPemPrivateKey(bytes, password);
    if (!key)
        return key.error();
    state.privateKey = key.take();
    return {};
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
    auto key = crypto::SoftwareKey::fromPrivateDer(state.kind, state.privateKey);
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
    state.material->publicKeyDer = publicKey.value();
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
        state.privateKey = keyFile.take();
    }
    // The leaf: the certificate of the private key, wherever it sits in the file.
    auto key = crypto::SoftwareKey::fromPrivateDer(KeyKind::Rsa, state.privateKey);
    if (!key)
        key = crypto::SoftwareKey::fromPrivateDer(KeyKind::Ec, state.privateKey);
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
    state->token = m_path.workspace().token();
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
        if (vault->protection == Protection::Hsm && protection == Protection::Software)
            return makeError(ErrorKind::Invalid, QStringLiteral("vault '%1' is hsm-protected: software keys are "
                                                                "not allowed")
                                                     .arg(vault->name));
        if (auto free = checkNameFree(db, vault->name, request.name); !free)
            return free;
        return readImport(request, *state);
    };
    if (protection == Protection::Hsm) {
        // The key becomes token objects under CKA_ID = the key version id, with an intent row, and
        // is destroyed again when the commit fails (as keysupport::makeVersionEngine does).
        steps.intentId = state->keyVersionId;
        steps.engine = [state, vault = request.vault, name = request.name]() -> Outcome<void> {
            if (!state->token)
                return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
            const keysupport::VersionShape shape{vault, name, state->kind, state->size, state->curve, Protection::Hsm};
            auto created =
                state->token->importKeyPair(keysupport::genSpec(shape, state->keyVersionId), state->privateKey);
            state->privateKey.clear();
            if (!created)
                return created.error();
            if (created->publicKeyDer != state->material->publicKeyDer) {
                (void)state->token->destroyObjects(created->id);
                return makeError(ErrorKind::Failed,
                                 QStringLiteral("the token's public key differs from the imported key's"));
            }
            return {};
        };
        steps.undoEngine = [state]() {
            if (state->token)
                (void)state->token->destroyObjects(QByteArray::fromHex(state->keyVersionId.toLatin1()));
        };
    } else {
        // The key is sealed on the token thread, as a generated software key is (keysupport::makeVersionEngine).
        steps.engine = [state]() -> Outcome<void> {
            if (!state->token)
                return makeError(ErrorKind::Failed, QStringLiteral("the token is not open"));
            auto sealed = state->token->seal(QString::fromLatin1(kSealingKeyLabel), state->privateKey,
                                             keysupport::sealingAad(state->keyVersionId));
            state->privateKey.clear();
            if (!sealed)
                return sealed.error();
            state->material->sealedPrivate = sealed.value();
            return {};
        };
    }
    const bool exportable = request.exportable;
    steps.persist = [state, request, exportable, certificateVersionId,
                     now](Database& db, QJsonObject& details) -> Outcome<CertificateImportResult> {
        IssuanceState issuance;
        issuance.shape = keysupport::VersionShape{request.vault, request.name, state->kind,
                                                  state->size,   state->curve, state->protection};
        issuance.keyVersionId = state->keyVersionId;
        issuance.material = state->material;
        issuance.certificateDer = state->leafDer;
        const bool isCa = state->info.isCa;
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
        if (!state->warnings.isEmpty())
            details.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(state->warnings));
        CertificateImportResult result;
        result.certificate = created.value();
        result.format = state->format;
        result.hasPrivateKey = true;
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
