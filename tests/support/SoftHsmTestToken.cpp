#include "SoftHsmTestToken.h"

#include "crypto/Random.h"

#include <QDir>
#include <QFile>

namespace custos::test {

bool SoftHsmTestToken::moduleInstalled()
{
    return QFile::exists(kSoftHsmModule);
}

QString SoftHsmTestToken::setUp(const QString& tokenLabel)
{
    if (!m_store.isValid() || !QDir(m_store.path()).mkpath(QStringLiteral("tokens"))) // SoftHSM2 needs it to exist
        return QStringLiteral("cannot create a token store in a temporary directory");
    const QString confPath = m_store.filePath(QStringLiteral("softhsm2.conf"));
    QFile conf(confPath);
    if (!conf.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1").arg(confPath);
    conf.write(QStringLiteral("directories.tokendir = %1/tokens\nobjectstore.backend = file\nlog.level = ERROR\n"
                              "slots.removable = false\n")
                   .arg(m_store.path())
                   .toUtf8());
    conf.close();
    qputenv("SOFTHSM2_CONF", QFile::encodeName(confPath));

    auto module = crypto::Pkcs11Module::load(kSoftHsmModule);
    if (!module)
        return module.error().message;
    m_module = module.take();
    auto slot = m_module->findUninitializedSlot();
    if (!slot)
        return slot.error().message;
    m_soPin = crypto::randomPin(16);
    m_userPin = crypto::randomPin(16);
    if (auto init = m_module->initToken(slot.value(), m_soPin, tokenLabel); !init)
        return init.error().message;
    auto token = crypto::Token::open(m_module, tokenLabel);
    if (!token)
        return token.error().message;
    m_token = token.take();
    if (auto pin = m_token->initUserPin(m_soPin, m_userPin); !pin)
        return pin.error().message;
    if (auto login = m_token->login(m_userPin); !login)
        return login.error().message;
    return {};
}

void SoftHsmTestToken::tearDown()
{
    m_token.reset();
    m_module.reset();
    qunsetenv("SOFTHSM2_CONF");
}

QString SoftHsmTestToken::userPinText() const
{
    return QString::fromLatin1(m_userPin.chars(), static_cast<qsizetype>(m_userPin.size()));
}

} // namespace custos::test
