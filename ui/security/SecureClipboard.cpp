#include "SecureClipboard.h"

#include <QClipboard>
#include <QMessageAuthenticationCode>
#include <QMimeData>
#include <QRandomGenerator>

namespace custos::ui {

namespace {
// Keyed with a random key of this process: what is kept to recognise the secret later is no
// plain hash a short secret could be guessed back from.
QByteArray digestOf(const QString& text)
{
    static const QByteArray key = [] {
        QByteArray bytes(32, Qt::Uninitialized);
        QRandomGenerator::system()->generate(reinterpret_cast<quint32*>(bytes.data()),
                                             reinterpret_cast<quint32*>(bytes.data() + bytes.size()));
        return bytes;
    }();
    return QMessageAuthenticationCode::hash(text.toUtf8(), key, QCryptographicHash::Sha256);
}
} // namespace

SecureClipboard::SecureClipboard(QClipboard* clipboard, QObject* parent) : QObject(parent), m_clipboard(clipboard)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(std::chrono::seconds(20));
    connect(&m_timer, &QTimer::timeout, this, &SecureClipboard::clearNow);
}

SecureClipboard::~SecureClipboard()
{
    clearNow();
}

bool SecureClipboard::copyText(const QString& text)
{
    if (!m_enabled) {
        Q_EMIT copyRefused();
        return false;
    }
    m_timer.stop();
    m_secretDigest.clear();
    m_clipboard->setText(text);
    return true;
}

bool SecureClipboard::copySecret(const QString& text)
{
    if (!m_enabled) {
        Q_EMIT copyRefused();
        return false;
    }
    auto* mime = new QMimeData;
    mime->setText(text);
    // The hints KDE Klipper, KeePassXC and Windows clipboard history honour: not kept in histories.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    mime->setData(QStringLiteral("ExcludeClipboardContentFromMonitorProcessing"), QByteArrayLiteral("1"));
    mime->setData(QStringLiteral("CanIncludeInClipboardHistory"), QByteArray(4, '\0'));
    mime->setData(QStringLiteral("CanUploadToCloudClipboard"), QByteArray(4, '\0'));
    m_clipboard->setMimeData(mime);
    m_secretDigest = digestOf(text);
    m_timer.start();
    return true;
}

void SecureClipboard::setClearDelay(std::chrono::milliseconds delay)
{
    m_timer.setInterval(delay);
}

std::chrono::milliseconds SecureClipboard::clearDelay() const
{
    return m_timer.intervalAsDuration();
}

void SecureClipboard::setEnabled(bool enabled)
{
    if (!enabled)
        clearNow();
    m_enabled = enabled;
}

bool SecureClipboard::holdsSecret() const
{
    return !m_secretDigest.isEmpty() && digestOf(m_clipboard->text()) == m_secretDigest;
}

void SecureClipboard::clearNow()
{
    m_timer.stop();
    if (m_secretDigest.isEmpty())
        return;
    const bool ours = holdsSecret();
    m_secretDigest.clear();
    if (!ours)
        return; // the user copied something else since: theirs to keep
    m_clipboard->clear();
    Q_EMIT secretCleared();
}

} // namespace custos::ui
