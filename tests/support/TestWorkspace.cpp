#include "TestWorkspace.h"

#include "model/session/Session.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtGlobal>

namespace custos::test {

crypto::SecureBuffer secret(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return crypto::SecureBuffer(utf8.constData(), static_cast<std::size_t>(utf8.size()));
}

QString custodianCertificatePath(int index)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_%1.cer").arg(index);
}

QString custodianKeyPath(int index)
{
    return QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_%1.key").arg(index);
}

QByteArray custodianCertificate(int index)
{
    QFile file(custodianCertificatePath(index));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::shared_ptr<crypto::sd::CustodianKey> openTestCustodian(int index)
{
    std::unique_ptr<crypto::SecureBuffer> password;
    if (index == 0) {
        QFile f(QStringLiteral(CUSTOS_TEST_DATA_DIR "/custodians/custodian_0.password"));
        if (!f.open(QIODevice::ReadOnly))
            return nullptr;
        password = std::make_unique<crypto::SecureBuffer>(secret(QString::fromUtf8(f.readLine()).trimmed()));
    }
    auto key = crypto::sd::openCustodianKeyFile(custodianKeyPath(index), password.get());
    if (!key) {
        qWarning("custodian %d: %s", index, qPrintable(key.error().message));
        return nullptr;
    }
    return std::shared_ptr<crypto::sd::CustodianKey>(key.take());
}

Outcome<model::SecurityDomainDownloadResult> activateWorkspace(model::Services& services, int custodians, int quorum,
                                                               const QString& outPath)
{
    model::SecurityDomainDownloadRequest request;
    for (int i = 0; i < custodians; ++i)
        request.certificates << custodianCertificate(i);
    request.quorum = quorum;
    request.witnesses << QStringLiteral("Test Witness");
    QTemporaryDir scratch;
    request.outPath = outPath.isEmpty() ? scratch.filePath(QStringLiteral("sd.json")) : outPath;
    return await(services.securityDomain().download(std::move(request)));
}

std::unique_ptr<ReadyWorkspace> makeReadyWorkspace(const QString& directory, const QString& operatorName,
                                                   const QStringList& roles, bool activate)
{
    model::WorkspaceInitRequest request;
    request.directory = directory;
    request.operatorName = operatorName;
    request.passphrase = secret(kTestPassphrase);
    request.roles = roles;
    request.kdfMemoryMiB = 1;
    auto created = await(model::Workspace::initialise(std::move(request)));
    if (!created) {
        qWarning("makeReadyWorkspace: %s", qPrintable(created.error().message));
        return nullptr;
    }
    auto ready = std::make_unique<ReadyWorkspace>();
    ready->directory = directory;
    ready->workspace = created.take();
    ready->services = std::make_unique<model::Services>(*ready->workspace);
    auto login = await(ready->services->session().login(operatorName, secret(kTestPassphrase), false));
    if (!login) {
        qWarning("makeReadyWorkspace: login failed: %s", qPrintable(login.error().message));
        return nullptr;
    }
    if (activate) {
        auto activated = activateWorkspace(*ready->services);
        if (!activated) {
            qWarning("makeReadyWorkspace: activation failed: %s", qPrintable(activated.error().message));
            return nullptr;
        }
    }
    return ready;
}

Outcome<void> addOperatorWithRoles(model::Services& services, const QString& name, const QStringList& roles,
                                   const QString& scope)
{
    auto added = await(services.operators().add(name, secret(kTestPassphrase)));
    if (!added)
        return added.error();
    for (const QString& role : roles) {
        auto assigned = await(services.roles().assign(name, role, scope));
        if (!assigned)
            return assigned.error();
    }
    return {};
}

Outcome<void> switchOperator(model::Services& services, const QString& name, const QString& passphrase)
{
    services.session().logout();
    return await(services.session().login(name, secret(passphrase), false));
}

} // namespace custos::test
