#include "CustodianInputSupport.h"

#include <QCoreApplication>
#include <QCoro/QCoroFuture>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QtConcurrent>

namespace custos::ui {

namespace {

constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024; // a security-domain file is a few KiB

Outcome<QByteArray> readFile(const QString& path)
{
    if (path.isEmpty())
        return makeError(ErrorKind::Invalid,
                         QCoreApplication::translate("custos::ui::CustodianInputSupport", "Choose a file."));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Invalid,
                         QCoreApplication::translate("custos::ui::CustodianInputSupport", "Cannot read %1: %2")
                             .arg(path, file.errorString()));
    if (file.size() > kMaxFileBytes)
        return makeError(ErrorKind::Invalid,
                         QCoreApplication::translate("custos::ui::CustodianInputSupport",
                                                     "%1 is larger than 16 MiB: not a security-domain file")
                             .arg(path));
    return file.readAll();
}

} // namespace

void attachBrowse(QPushButton* button, QLineEdit* edit, const QString& title, BrowseMode mode, const QString& filter)
{
    QPointer<QLineEdit> target(edit);
    QObject::connect(button, &QPushButton::clicked, button, [button, target, title, mode, filter] {
        if (!target)
            return;
        const QString start = target->text().isEmpty() ? QString() : QFileInfo(target->text()).absolutePath();
        auto* chooser = new QFileDialog(button->window(), title, start, filter);
        chooser->setObjectName(QStringLiteral("browseFileDialog"));
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        if (mode == BrowseMode::Save) {
            chooser->setAcceptMode(QFileDialog::AcceptSave);
            chooser->setFileMode(QFileDialog::AnyFile);
        } else {
            chooser->setFileMode(QFileDialog::ExistingFile);
        }
        QObject::connect(chooser, &QFileDialog::fileSelected, target, [target](const QString& path) {
            if (target)
                target->setText(path);
        });
        chooser->open();
    });
}

QCoro::Task<Outcome<QByteArray>> readSmallFile(QString path)
{
    QFuture<Outcome<QByteArray>> reading = QtConcurrent::run([path]() { return readFile(path); });
    Outcome<QByteArray> bytes = co_await reading;
    co_return bytes;
}

QCoro::Task<Outcome<LoadedSecurityDomain>> loadSecurityDomainFile(QString path)
{
    QFuture<Outcome<LoadedSecurityDomain>> loading = QtConcurrent::run([path]() -> Outcome<LoadedSecurityDomain> {
        Outcome<QByteArray> bytes = readFile(path);
        if (!bytes)
            return bytes.error();
        auto parsed = crypto::sd::SecurityDomainFile::parse(bytes.value());
        if (!parsed)
            return makeError(parsed.error().kind, QStringLiteral("%1: %2").arg(path, parsed.error().message));
        LoadedSecurityDomain loaded;
        loaded.bytes = bytes.take();
        loaded.file = std::make_shared<crypto::sd::SecurityDomainFile>(parsed.take());
        return loaded;
    });
    Outcome<LoadedSecurityDomain> loaded = co_await loading;
    co_return loaded;
}

QString describeSecurityDomain(const crypto::sd::SecurityDomainFile& file)
{
    const crypto::sd::SecurityDomainSummary summary = crypto::sd::summarise(file);
    QStringList lines;
    lines << QCoreApplication::translate("custos::ui::CustodianInputSupport",
                                         "%1 custodians (N), %2 needed to restore (M)")
                 .arg(summary.custodians)
                 .arg(summary.required);
    lines << QCoreApplication::translate("custos::ui::CustodianInputSupport",
                                         "Custodian certificate thumbprints (x5t_256):");
    for (int i = 0; i < summary.thumbprints.size(); ++i)
        lines << QStringLiteral("  %1. %2").arg(i + 1).arg(summary.thumbprints.at(i));
    QStringList items;
    for (const auto& item : summary.items)
        items << QCoreApplication::translate("custos::ui::CustodianInputSupport", "%1 (%2 bytes)")
                     .arg(item.tag)
                     .arg(item.ciphertextBytes);
    lines << QCoreApplication::translate("custos::ui::CustodianInputSupport", "Items: %1")
                 .arg(items.join(QStringLiteral(", ")));
    for (const QString& warning : summary.warnings)
        lines << QCoreApplication::translate("custos::ui::CustodianInputSupport", "Warning: %1").arg(warning);
    return lines.join(QLatin1Char('\n'));
}

} // namespace custos::ui
