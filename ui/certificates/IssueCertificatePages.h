#pragma once

// The pages of IssueCertificateWizard. Each checks its own fields as they are typed (isComplete
// keeps Next disabled, an inline message says why); later pages read the profile page's choices
// when they are shown.

#include "crypto/pkcs11/Token.h"
#include "model/domain/CertificatePolicy.h"
#include "model/domain/Vault.h"

#include <QMap>
#include <QStringList>
#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace custos::ui {

class InlineMessage;
class IssueCertificateWizard;
class SubjectAltNameEditor;

// 1. Profile (with the custom profile's key usages and EKUs), issuer and the certificate's name.
class IssueProfilePage : public QWizardPage
{
    Q_OBJECT
public:
    IssueProfilePage(const QStringList& issuers, QWidget* parent = nullptr);

    QString profile() const;
    QString issuer() const; // "VAULT/CA", "Self" or "Unknown"
    bool isExternalIssuer() const;
    QString certificateName() const;
    QStringList customKeyUsages() const; // empty unless the profile is "custom"
    QStringList customExtendedKeyUsages() const;
    // The extended key usages the profile gives (TLS server certificates need a host name SAN).
    QStringList extendedKeyUsages() const;

    bool isComplete() const override;

private:
    void updateState();

    QComboBox* m_profileCombo = nullptr;
    QLabel* m_profileDescription = nullptr;
    QGroupBox* m_customBox = nullptr;
    QMap<QString, QCheckBox*> m_keyUsageChecks; // by RFC 5280 name
    QMap<QString, QCheckBox*> m_extendedKeyUsageChecks;
    QComboBox* m_issuerCombo = nullptr;
    QLineEdit* m_nameEdit = nullptr;
    InlineMessage* m_message = nullptr;
};

// 2. Subject and subject alternative names, each parsed as it is typed.
class IssueSubjectPage : public QWizardPage
{
    Q_OBJECT
public:
    IssueSubjectPage(const IssueProfilePage* profilePage, QWidget* parent = nullptr);

    QString subject() const;
    QStringList subjectAltNames() const;

    void initializePage() override;
    bool isComplete() const override;

private:
    void updateState();
    QString subjectProblem() const;
    QString offerableCommonName() const; // the CN when it could be added as a dns: SAN
    bool needsHostName() const;          // a TLS server certificate without a dns: or ip: SAN

    const IssueProfilePage* m_profilePage;
    QLineEdit* m_subjectEdit = nullptr;
    InlineMessage* m_subjectMessage = nullptr;
    SubjectAltNameEditor* m_sanEditor = nullptr;
    QPushButton* m_useCnButton = nullptr;
    InlineMessage* m_sanMessage = nullptr;
};

// 3. The certificate's key: type and size or curve, protection within the vault's bound,
// exportable (software keys only) and reuse on renewal (Custos issuers only).
class IssueKeyPage : public QWizardPage
{
    Q_OBJECT
public:
    IssueKeyPage(const model::Vault& vault, const IssueProfilePage* profilePage, QWidget* parent = nullptr);

    crypto::KeyKind keyKind() const;
    int size() const;      // RSA bits; 0 for EC
    QString curve() const; // EC curve; empty for RSA
    model::Protection protection() const;
    bool isExportable() const;
    bool reusesKey() const;

    void initializePage() override;

private:
    void onTypeChanged();
    void updateState();

    const IssueProfilePage* m_profilePage;
    QComboBox* m_typeCombo = nullptr;
    QLabel* m_sizeLabel = nullptr;
    QComboBox* m_sizeCombo = nullptr;
    QComboBox* m_protectionCombo = nullptr;
    QCheckBox* m_exportableCheck = nullptr;
    QCheckBox* m_reuseKeyCheck = nullptr;
    InlineMessage* m_message = nullptr;
};

// 4. Validity in months and the lifetime actions (AutoRenew, EmailContacts with contacts).
class IssueValidityPage : public QWizardPage
{
    Q_OBJECT
public:
    IssueValidityPage(const IssueProfilePage* profilePage, QWidget* parent = nullptr);

    int months() const;
    QList<model::CertificateLifetimeAction> actions() const;
    QStringList contacts() const; // empty unless contacts are notified

    void initializePage() override;
    bool isComplete() const override;

private:
    enum class RenewMode { None, Percentage, Days };
    RenewMode renewMode() const;
    bool actionsAllowed() const;
    QString contactsProblem() const;
    void onRenewModeChanged();
    void updateState();

    const IssueProfilePage* m_profilePage;
    QSpinBox* m_monthsSpin = nullptr;
    QGroupBox* m_actionsBox = nullptr;
    QComboBox* m_renewCombo = nullptr;
    QSpinBox* m_renewSpin = nullptr;
    QCheckBox* m_notifyCheck = nullptr;
    QSpinBox* m_notifyDaysSpin = nullptr;
    QLineEdit* m_contactsEdit = nullptr;
    InlineMessage* m_message = nullptr;
};

// 5. What will be asked for: a read-only summary of the wizard's request.
class IssueReviewPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit IssueReviewPage(const IssueCertificateWizard* wizard, QWidget* parent = nullptr);

    void initializePage() override;

private:
    const IssueCertificateWizard* m_wizard;
    QPlainTextEdit* m_summary = nullptr;
};

} // namespace custos::ui
