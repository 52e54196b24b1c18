#include "TryOperationPanel.h"

#include "TryOperationRun.h"

#include "model/services/Services.h"
#include "model/session/ServiceHost.h"
#include "ui/widgets/InlineMessage.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace custos::ui {

namespace {
const char* kOperationNames[] = {"sign", "verify", "encrypt", "decrypt"};
} // namespace

TryOperationPanel::TryOperationPanel(model::ServiceHost& host, QWidget* parent) : QWidget(parent), m_host(host)
{
    setObjectName(QStringLiteral("tryOperationPanel"));

    m_operationCombo = new QComboBox(this);
    m_operationCombo->setObjectName(QStringLiteral("operationComboBox"));
    m_algorithmCombo = new QComboBox(this);
    m_algorithmCombo->setObjectName(QStringLiteral("algorithmComboBox"));

    m_inputEdit = new QLineEdit(this);
    m_inputEdit->setObjectName(QStringLiteral("inputFileLineEdit"));
    m_inputBrowse = new QPushButton(tr("Bro&wse…"), this);
    m_inputBrowse->setObjectName(QStringLiteral("inputBrowsePushButton"));
    m_secondEdit = new QLineEdit(this);
    m_secondEdit->setObjectName(QStringLiteral("secondFileLineEdit"));
    m_secondBrowse = new QPushButton(tr("Browse…"), this);
    m_secondBrowse->setObjectName(QStringLiteral("secondBrowsePushButton"));

    auto* form = new QFormLayout;
    auto* operationLabel = new QLabel(tr("&Operation:"), this);
    operationLabel->setBuddy(m_operationCombo);
    form->addRow(operationLabel, m_operationCombo);
    auto* algorithmLabel = new QLabel(tr("&Algorithm:"), this);
    algorithmLabel->setBuddy(m_algorithmCombo);
    form->addRow(algorithmLabel, m_algorithmCombo);
    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(m_inputEdit, 1);
    inputRow->addWidget(m_inputBrowse);
    auto* inputLabel = new QLabel(tr("&Input file:"), this);
    inputLabel->setBuddy(m_inputEdit);
    form->addRow(inputLabel, inputRow);
    auto* secondRow = new QHBoxLayout;
    secondRow->addWidget(m_secondEdit, 1);
    secondRow->addWidget(m_secondBrowse);
    m_secondLabel = new QLabel(this);
    m_secondLabel->setBuddy(m_secondEdit);
    form->addRow(m_secondLabel, secondRow);

    m_runButton = new QPushButton(tr("&Run"), this);
    m_runButton->setObjectName(QStringLiteral("runPushButton"));
    m_busyBar = new QProgressBar(this);
    m_busyBar->setObjectName(QStringLiteral("tryBusyProgressBar"));
    m_busyBar->setRange(0, 0);
    m_busyBar->setTextVisible(false);
    m_busyBar->setMaximumWidth(120);
    m_busyBar->hide();
    auto* runRow = new QHBoxLayout;
    runRow->addStretch();
    runRow->addWidget(m_busyBar);
    runRow->addWidget(m_runButton);

    m_resultLabel = new InlineMessage(this);
    m_resultLabel->setObjectName(QStringLiteral("resultLabel"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(runRow);
    layout->addWidget(m_resultLabel);
    layout->addStretch();

    connect(m_operationCombo, &QComboBox::currentIndexChanged, this, &TryOperationPanel::onOperationChanged);
    connect(m_algorithmCombo, &QComboBox::currentIndexChanged, this, &TryOperationPanel::updateState);
    connect(m_inputEdit, &QLineEdit::textChanged, this, &TryOperationPanel::updateState);
    connect(m_secondEdit, &QLineEdit::textChanged, this, &TryOperationPanel::updateState);
    connect(m_inputBrowse, &QPushButton::clicked, this, [this] { browse(m_inputEdit, false); });
    connect(m_secondBrowse, &QPushButton::clicked, this,
            [this] { browse(m_secondEdit, operation() != Operation::Verify); });
    connect(m_runButton, &QPushButton::clicked, this, &TryOperationPanel::run);
    connect(m_inputEdit, &QLineEdit::returnPressed, this, &TryOperationPanel::run);
    connect(m_secondEdit, &QLineEdit::returnPressed, this, &TryOperationPanel::run);
    setKey(std::nullopt);
}

QStringList TryOperationPanel::algorithmsFor(const model::KeyRecord& key, Operation operation)
{
    if (!key.keyOps.contains(QLatin1String(kOperationNames[int(operation)])))
        return {};
    const bool signing = operation == Operation::Sign || operation == Operation::Verify;
    switch (key.kty) {
    case crypto::KeyKind::Rsa:
        if (signing)
            return {QStringLiteral("RS256"), QStringLiteral("RS384"), QStringLiteral("RS512"),
                    QStringLiteral("PS256"), QStringLiteral("PS384"), QStringLiteral("PS512")};
        if (key.allowRsa15)
            return {QStringLiteral("RSA-OAEP-256"), QStringLiteral("RSA-OAEP"), QStringLiteral("RSA1_5")};
        return {QStringLiteral("RSA-OAEP-256"), QStringLiteral("RSA-OAEP")};
    case crypto::KeyKind::Ec:
        if (!signing)
            return {};
        if (key.curve == QLatin1String("P-384"))
            return {QStringLiteral("ES384")};
        if (key.curve == QLatin1String("P-521"))
            return {QStringLiteral("ES512")};
        return {QStringLiteral("ES256")};
    case crypto::KeyKind::Aes:
        if (signing)
            return {};
        if (key.size == 128)
            return {QStringLiteral("A128GCM")};
        if (key.size == 256)
            return {QStringLiteral("A256GCM")};
        return {}; // JOSE has no A192GCM content encryption
    }
    return {};
}

void TryOperationPanel::setKey(const std::optional<model::KeyRecord>& key)
{
    const bool sameKey = key && m_key && key->resourceId() == m_key->resourceId();
    m_key = key;
    const QVariant previous = m_operationCombo->currentData();
    m_operationCombo->blockSignals(true);
    m_operationCombo->clear();
    if (key) {
        const QString labels[] = {tr("Sign"), tr("Verify"), tr("Encrypt"), tr("Decrypt")};
        for (Operation op : {Operation::Sign, Operation::Verify, Operation::Encrypt, Operation::Decrypt}) {
            if (!algorithmsFor(*key, op).isEmpty())
                m_operationCombo->addItem(labels[int(op)], int(op));
        }
    }
    if (sameKey && m_operationCombo->findData(previous) >= 0)
        m_operationCombo->setCurrentIndex(m_operationCombo->findData(previous));
    m_operationCombo->blockSignals(false);
    if (!sameKey)
        m_resultLabel->clearMessage();
    onOperationChanged();
}

TryOperationPanel::Operation TryOperationPanel::operation() const
{
    return Operation(m_operationCombo->currentData().toInt());
}

void TryOperationPanel::onOperationChanged()
{
    m_algorithmCombo->clear();
    if (m_key && m_operationCombo->count() > 0)
        m_algorithmCombo->addItems(algorithmsFor(*m_key, operation()));
    switch (operation()) {
    case Operation::Sign:
        m_secondLabel->setText(tr("Si&gnature file (written):"));
        break;
    case Operation::Verify:
        m_secondLabel->setText(tr("Si&gnature file:"));
        break;
    case Operation::Encrypt:
    case Operation::Decrypt:
        m_secondLabel->setText(tr("O&utput file:"));
        break;
    }
    updateState();
}

void TryOperationPanel::updateState()
{
    const bool usable = m_key && !m_key->isDeleted() && m_operationCombo->count() > 0;
    for (QWidget* w : std::initializer_list<QWidget*>{m_operationCombo, m_algorithmCombo, m_inputEdit, m_inputBrowse,
                                                      m_secondEdit, m_secondBrowse})
        w->setEnabled(usable && !m_running);
    m_runButton->setEnabled(usable && !m_running && !m_inputEdit->text().trimmed().isEmpty() &&
                            !m_secondEdit->text().trimmed().isEmpty() && m_algorithmCombo->count() > 0);
    m_busyBar->setVisible(m_running);
    if (m_key && !m_running && m_operationCombo->count() == 0 && !m_resultLabel->isError())
        m_resultLabel->showHint(tr("Key '%1' permits none of sign, verify, encrypt or decrypt.").arg(m_key->name));
}

void TryOperationPanel::focusFirstField()
{
    m_operationCombo->setFocus(Qt::ShortcutFocusReason);
}

void TryOperationPanel::browse(QLineEdit* edit, bool save)
{
    const QString path = save ? QFileDialog::getSaveFileName(this, tr("Choose a File"), edit->text())
                              : QFileDialog::getOpenFileName(this, tr("Choose a File"), edit->text());
    if (!path.isEmpty())
        edit->setText(path);
}

void TryOperationPanel::run()
{
    if (m_runButton->isEnabled())
        runAsync();
}

void TryOperationPanel::showResult(bool ok, const QString& text)
{
    if (ok)
        m_resultLabel->showHint(text);
    else
        m_resultLabel->showError(text);
    Q_EMIT finished(ok, text);
}

QCoro::Task<> TryOperationPanel::runAsync()
{
    QPointer<TryOperationPanel> guard(this);
    TryOperationRequest request;
    request.target = model::KeyTarget{m_key->vault, m_key->name, QString()};
    request.operation = operation();
    request.algorithm = m_algorithmCombo->currentText();
    request.inputPath = m_inputEdit->text().trimmed();
    request.secondPath = m_secondEdit->text().trimmed();
    m_running = true;
    m_resultLabel->clearMessage();
    updateState();
    TryOperationResult result;
    // The whole run (files and key) on the service thread.
    auto task = m_host.call(
        [request](model::Services& services) { return TryOperationRun::run(&services.keyCrypto(), request); });
    Outcome<TryOperationResult> outcome = co_await task;
    if (outcome)
        result = outcome.take();
    else
        result.text = outcome.error().message;
    if (!guard)
        co_return;
    m_running = false;
    updateState();
    showResult(result.ok, result.text);
}

} // namespace custos::ui
