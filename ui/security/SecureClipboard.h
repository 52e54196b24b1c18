#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

class QClipboard;

namespace custos::ui {

// Everything Custos puts on the clipboard goes through here (KeePassXC's Clipboard idea, without
// the global). A secret (an exported private key, a share; a fingerprint is not one) is marked with
// the concealed-content hints password managers use (x-kde-passwordManagerHint: secret) and
// cleared after clearDelay(), but only if the clipboard still holds what Custos put there: what
// the user copied since is never touched. clearNow() runs on lock and on quit. Disabled (ceremony
// mode), every copy is refused and returns false.
class SecureClipboard : public QObject
{
    Q_OBJECT
public:
    explicit SecureClipboard(QClipboard* clipboard, QObject* parent = nullptr);
    ~SecureClipboard() override; // clears a secret still on the clipboard

    // Not secret (a fingerprint, a name, a public key): copied plainly, never cleared.
    bool copyText(const QString& text);
    // Secret: concealed hints, cleared after clearDelay() if still ours. Returns false when disabled.
    bool copySecret(const QString& text);

    void setClearDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds clearDelay() const;

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    // Clears the clipboard now if it still holds a secret Custos put there.
    void clearNow();
    bool holdsSecret() const; // a secret of ours is still on the clipboard

Q_SIGNALS:
    void secretCleared();
    void copyRefused(); // while disabled

private:
    // implementation details are the owner's (ui/security/SecureClipboard.cpp)
    QClipboard* m_clipboard;
    QTimer m_timer;
    bool m_enabled = true;
    QByteArray m_secretDigest; // SHA-256 of the secret we put there; empty when none
};

} // namespace custos::ui
