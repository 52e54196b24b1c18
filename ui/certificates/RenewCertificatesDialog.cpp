#include "RenewCertificatesDialog.h"

#include "RenewalPreviewModel.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace custos::ui {

RenewCertificatesDialog::RenewCertificatesDialog(const QList<model::RenewalPreview>& previews, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("renewCertificatesDialog"));
    setWindowTitle(tr("Renew Certificates"));

    auto* intro = new QLabel(tr("Each certificate gets a new version under its policy, from the same issuer. "
                                "Nothing changes until you press Renew; uncheck what you want to leave as it is."),
                             this);
    intro->setObjectName(QStringLiteral("introLabel"));
    intro->setWordWrap(true);

    m_model = new RenewalPreviewModel(previews, this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("renewalTableView"));
    m_view->setAccessibleName(tr("Certificates to renew"));
    m_view->setAccessibleDescription(tr("Each selected certificate's current and renewed validity, side by side"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers); // only the check boxes change
    m_view->setTabKeyNavigation(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    QHeaderView* header = m_view->horizontalHeader();
    for (int column = 0; column < RenewalPreviewModel::SansColumn; ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RenewalPreviewModel::SansColumn, QHeaderView::Stretch);
    if (m_model->rowCount() > 0)
        m_view->setCurrentIndex(m_model->index(0, RenewalPreviewModel::CertificateColumn));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    m_renewButton = buttons->button(QDialogButtonBox::Ok);
    m_renewButton->setObjectName(QStringLiteral("okPushButton"));
    m_renewButton->setDefault(true);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelPushButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);

    connect(m_model, &RenewalPreviewModel::checkedChanged, this, &RenewCertificatesDialog::updateState);
    updateState();
    resize(900, 360);
    m_view->setFocus();
}

QStringList RenewCertificatesDialog::selectedNames() const
{
    return m_model->checkedNames();
}

void RenewCertificatesDialog::updateState()
{
    const int count = m_model->checkedCount();
    m_renewButton->setText(tr("&Renew %n certificate(s)", nullptr, count));
    m_renewButton->setEnabled(count > 0);
}

} // namespace custos::ui
