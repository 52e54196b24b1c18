#pragma once

#include "crypto/x509/CertificateInfo.h"
#include "model/domain/Certificate.h"

#include <QCoro/QCoroTask>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QTreeWidget;

namespace custos::model {
class ServiceHost;
}

namespace custos::ui {

class InlineMessage;

// The selected certificate: subject, issuer, SANs, validity, serial, fingerprints, its chain and
// its extensions in a tree (name, critical, one child per value). The chain is read and inspected
// on the service thread (CertificateService::chain, inspectCertificate per element).
class CertificateDetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit CertificateDetailPane(model::ServiceHost& host, QWidget* parent = nullptr);

    void setCertificate(const std::optional<model::CertificateRecord>& certificate);
    bool isLoading() const { return m_loading; }
    QTreeWidget* extensionsTree() const { return m_extensions; }
    QTreeWidget* chainTree() const { return m_chain; }
    QLabel* subjectAltNamesLabel() const { return m_sans; }

Q_SIGNALS:
    void loaded(); // the details of the certificate set last have arrived (or failed)

private:
    QCoro::Task<> fetch(quint64 generation, QString vault, QString name);
    void showChain(const QList<crypto::x509::CertificateInfo>& chain);
    void clear();
    QLabel* addValue(QFormLayout* form, const QString& label, const QString& objectName);

    model::ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    InlineMessage* m_message = nullptr;
    QLabel* m_subject = nullptr;
    QLabel* m_issuer = nullptr;
    QLabel* m_sans = nullptr;
    QLabel* m_validity = nullptr;
    QLabel* m_serial = nullptr;
    QLabel* m_sha256 = nullptr;
    QLabel* m_sha1 = nullptr;
    QTreeWidget* m_chain = nullptr;
    QTreeWidget* m_extensions = nullptr;
};

} // namespace custos::ui
