#include "TestRegistry.h"

#include "model/audit/AuditEvent.h"
#include "model/services/ExpiryOverview.h"
#include "ui/audit/AuditResultStyle.h"
#include "ui/certificates/ExpiryStatusStyle.h"
#include "ui/theme/StatusColours.h"
#include "ui/theme/Theme.h"
#include "ui/widgets/InlineMessage.h"

#include <QApplication>
#include <QStyle>
#include <QTest>
#include <QWidget>

using custos::model::AuditResult;
using custos::model::ExpiryStatus;
using custos::ui::AppSettings;
using namespace custos::ui;

namespace {
const QList<ExpiryStatus> kExpiryStatuses = {ExpiryStatus::Expired, ExpiryStatus::Critical, ExpiryStatus::Warning,
                                             ExpiryStatus::Fine,    ExpiryStatus::Revoked,  ExpiryStatus::Pending,
                                             ExpiryStatus::Never};
const QList<AuditResult> kAuditResults = {AuditResult::Success, AuditResult::Denied, AuditResult::Failed};

QByteArray contrastText(const QString& what, const QColor& colour, const QColor& background, double ratio)
{
    return QStringLiteral("%1: %2 on %3 has a contrast of %4, below 4.5")
        .arg(what, colour.name(), background.name())
        .arg(ratio, 0, 'f', 2)
        .toUtf8();
}
} // namespace

class TestThemes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { applyTheme(AppSettings::Theme::System); }

    void tellsDarkFromAPalette()
    {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::WindowText, QColor(0xdd, 0xdd, 0xdd));
        QVERIFY(isDarkPalette(dark));
        QPalette light;
        light.setColor(QPalette::Window, QColor(0xf0, 0xf0, 0xf0));
        light.setColor(QPalette::WindowText, QColor(0x10, 0x10, 0x10));
        QVERIFY(!isDarkPalette(light));
        // A "dark" theme that only darkens the base still reads as light: the window decides.
        light.setColor(QPalette::Base, Qt::black);
        QVERIFY(!isDarkPalette(light));
        QVERIFY(isDarkPalette(darkPalette()));
        QVERIFY(!isDarkPalette(lightPalette()));
    }

    void switchingThemesChangesThePalette()
    {
        const QPalette startup = QApplication::palette();
        const QString startupStyle = QApplication::style()->name();
        QWidget widget;
        widget.show();

        applyTheme(AppSettings::Theme::Dark);
        QVERIFY(isDarkTheme());
        QCOMPARE(QApplication::palette().color(QPalette::Base), darkPalette().color(QPalette::Base));
        QTRY_COMPARE(widget.palette().color(QPalette::Window), darkPalette().color(QPalette::Window));
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));

        applyTheme(AppSettings::Theme::Light);
        QVERIFY(!isDarkTheme());
        QCOMPARE(QApplication::palette().color(QPalette::Base), lightPalette().color(QPalette::Base));
        QTRY_COMPARE(widget.palette().color(QPalette::WindowText), lightPalette().color(QPalette::WindowText));

        // Back to the system: the style and palette the application started with.
        applyTheme(AppSettings::Theme::System);
        QCOMPARE(QApplication::style()->name(), startupStyle);
        QCOMPARE(QApplication::palette().color(QPalette::Window), startup.color(QPalette::Window));
        QCOMPARE(QApplication::palette().color(QPalette::Base), startup.color(QPalette::Base));
    }

    void contrastRatioIsWcags()
    {
        QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(contrastRatio(Qt::white, Qt::white), 1.0);
        // #767676 on white is the classic 4.54:1.
        QVERIFY(qAbs(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
    }

    void everyStatusColourIsReadableInBothThemes()
    {
        for (const bool dark : {false, true}) {
            const QPalette palette = dark ? darkPalette() : lightPalette();
            const QString theme = dark ? QStringLiteral("dark") : QStringLiteral("light");
            for (const QPalette::ColorRole role : {QPalette::Base, QPalette::Window, QPalette::AlternateBase}) {
                const QColor background = palette.color(role);
                for (const StatusTone tone : allStatusTones()) {
                    const QColor colour = statusToneColour(tone, dark);
                    const double ratio = contrastRatio(colour, background);
                    QVERIFY2(ratio >= kMinimumTextContrast,
                             contrastText(theme + QStringLiteral(" tone %1").arg(int(tone)), colour, background, ratio)
                                 .constData());
                }
                for (const ExpiryStatus status : kExpiryStatuses) {
                    const QColor colour = expiryStatusColor(status, dark);
                    const double ratio = contrastRatio(colour, background);
                    QVERIFY2(ratio >= kMinimumTextContrast, contrastText(theme + QStringLiteral(" expiry status ") +
                                                                             custos::model::expiryStatusText(status),
                                                                         colour, background, ratio)
                                                                .constData());
                }
                for (const AuditResult result : kAuditResults) {
                    const QColor colour = auditResultColour(result, dark);
                    const double ratio = contrastRatio(colour, background);
                    QVERIFY2(ratio >= kMinimumTextContrast,
                             contrastText(theme + QStringLiteral(" audit result ") + AuditResultStyle::text(result),
                                          colour, background, ratio)
                                 .constData());
                }
            }
        }
    }

    void statusColoursFollowTheTheme()
    {
        applyTheme(AppSettings::Theme::Dark);
        QCOMPARE(expiryStatusColor(ExpiryStatus::Expired), statusToneColour(StatusTone::Danger, true));
        QCOMPARE(auditResultColour(AuditResult::Denied), statusToneColour(StatusTone::Danger, true));
        InlineMessage message;
        message.showError(QStringLiteral("it failed"));
        const QColor darkError = message.palette().color(QPalette::WindowText);
        QVERIFY2(contrastRatio(darkError, darkPalette().color(QPalette::Window)) >= kMinimumTextContrast,
                 qPrintable(darkError.name()));

        applyTheme(AppSettings::Theme::Light);
        QCOMPARE(expiryStatusColor(ExpiryStatus::Expired), statusToneColour(StatusTone::Danger, false));
        QCOMPARE(auditResultColour(AuditResult::Denied), statusToneColour(StatusTone::Danger, false));
        message.showError(QStringLiteral("it failed again"));
        const QColor lightError = message.palette().color(QPalette::WindowText);
        QVERIFY(lightError != darkError);
        QVERIFY2(contrastRatio(lightError, lightPalette().color(QPalette::Window)) >= kMinimumTextContrast,
                 qPrintable(lightError.name()));
    }

    void statusIsNeverColourAlone()
    {
        // Every status has a word and a shape (an icon) besides its colour.
        for (const ExpiryStatus status : kExpiryStatuses) {
            QVERIFY(!custos::model::expiryStatusText(status).isEmpty());
            QVERIFY(!expiryStatusIcon(status).isNull());
        }
        for (const AuditResult result : kAuditResults) {
            QVERIFY(!AuditResultStyle::text(result).isEmpty());
            QVERIFY(!AuditResultStyle::icon(result).isNull());
        }
        // The icons are drawn in the theme's colours.
        for (const bool dark : {false, true}) {
            applyTheme(dark ? AppSettings::Theme::Dark : AppSettings::Theme::Light);
            const QImage mark = AuditResultStyle::icon(AuditResult::Success).pixmap(16, 16).toImage();
            QCOMPARE(QColor(mark.pixel(8, 8)).rgb(), statusToneColour(StatusTone::Good, dark).rgb());
        }
    }
};

CUSTOS_REGISTER_TEST(TestThemes)
#include "TestThemes.moc"
