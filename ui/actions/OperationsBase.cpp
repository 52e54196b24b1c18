#include "OperationsBase.h"

#include <QMessageBox>

namespace custos::ui {

OperationsBase::OperationsBase(model::ServiceHost& host, QWidget* dialogParent, QString errorBoxName, QObject* parent)
    : QObject(parent), m_host(host), m_dialogParent(dialogParent), m_errorBoxName(std::move(errorBoxName))
{
}

void OperationsBase::begin()
{
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
}

void OperationsBase::end()
{
    if (--m_running == 0)
        Q_EMIT busyChanged(false);
}

void OperationsBase::showError(const QString& title, const QString& message)
{
    Q_EMIT failed(title, message);
    Q_EMIT statusMessage(title);
    auto* box = new QMessageBox(QMessageBox::Warning, title, title, QMessageBox::Ok, m_dialogParent);
    box->setObjectName(m_errorBoxName);
    box->setInformativeText(message);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace custos::ui
