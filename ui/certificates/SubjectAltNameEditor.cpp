#include "SubjectAltNameEditor.h"

#include "crypto/x509/SubjectAltName.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSet>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

namespace custos::ui {

namespace {

// Commits every keystroke, so a row is checked while it is typed rather than when the editor
// closes; and leaves the editor alone when the model only echoes what it holds (a full
// setText would move the cursor to the end on every key).
class LiveLineEditDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        auto* editor = new QLineEdit(parent);
        editor->setObjectName(QStringLiteral("sanEditorLineEdit"));
        editor->setPlaceholderText(QStringLiteral("dns:web01.example.test"));
        connect(editor, &QLineEdit::textEdited, this, [this, editor] {
            // commitData is the delegate's signal; the view writes the editor's text to the row.
            Q_EMIT const_cast<LiveLineEditDelegate*>(this)->commitData(editor);
        });
        return editor;
    }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        auto* line = static_cast<QLineEdit*>(editor);
        const QString text = index.data(Qt::EditRole).toString();
        if (line->text() != text)
            line->setText(text);
    }
};

} // namespace

SubjectAltNameEditor::SubjectAltNameEditor(QWidget* parent) : QWidget(parent)
{
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("sanListWidget"));
    m_list->setItemDelegate(new LiveLineEditDelegate(m_list));
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    m_list->setToolTip(tr("One name a row: dns:, ip:, email: or uri: and the name. F2 edits a row."));
    m_list->installEventFilter(this);

    m_addButton = new QPushButton(tr("A&dd"), this);
    m_addButton->setObjectName(QStringLiteral("addSanPushButton"));
    m_addButton->setAutoDefault(false);
    m_removeButton = new QPushButton(tr("&Remove"), this);
    m_removeButton->setObjectName(QStringLiteral("removeSanPushButton"));
    m_removeButton->setAutoDefault(false);

    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch();
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_addButton, &QPushButton::clicked, this, &SubjectAltNameEditor::addEditableRow);
    connect(m_removeButton, &QPushButton::clicked, this, &SubjectAltNameEditor::removeCurrentRow);
    connect(m_list, &QListWidget::itemChanged, this, &SubjectAltNameEditor::revalidate);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) { m_removeButton->setEnabled(row >= 0); });
    m_removeButton->setEnabled(false);
    setFocusProxy(m_list);
}

QStringList SubjectAltNameEditor::entries() const
{
    QStringList texts;
    for (int row = 0; row < m_list->count(); ++row)
        texts << m_list->item(row)->text().trimmed();
    return texts;
}

QString SubjectAltNameEditor::problem() const
{
    return m_problem;
}

bool SubjectAltNameEditor::hasKind(const QString& kind) const
{
    for (const QString& text : entries()) {
        auto san = crypto::x509::parseSubjectAltName(text);
        if (san && crypto::x509::sanKindName(san->kind) == kind)
            return true;
    }
    return false;
}

void SubjectAltNameEditor::addEntry(const QString& text)
{
    auto* item = new QListWidgetItem(text);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_list->addItem(item);
    m_list->setCurrentItem(item);
    revalidate();
}

void SubjectAltNameEditor::addEditableRow()
{
    addEntry(QString());
    m_list->setFocus();
    m_list->editItem(m_list->currentItem());
}

void SubjectAltNameEditor::removeCurrentRow()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    delete m_list->takeItem(row);
    m_list->setFocus();
    revalidate();
}

void SubjectAltNameEditor::revalidate()
{
    // Marking a row changes it again (itemChanged): only the outer call does the work.
    if (m_revalidating)
        return;
    m_revalidating = true;
    m_problem.clear();
    QSet<QString> seen;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem* item = m_list->item(row);
        const QString text = item->text().trimmed();
        QString why;
        if (auto san = crypto::x509::parseSubjectAltName(text); !san)
            why = san.error().message;
        else if (const QString canonical = crypto::x509::subjectAltNameText(san.value()); seen.contains(canonical))
            why = tr("'%1' is listed twice.").arg(text);
        else
            seen.insert(canonical);
        if (!why.isEmpty() && m_problem.isEmpty())
            m_problem = tr("Alternative name %1: %2").arg(row + 1).arg(why);
        item->setToolTip(why);
        item->setIcon(why.isEmpty() ? QIcon() : style()->standardIcon(QStyle::SP_MessageBoxWarning));
    }
    m_revalidating = false;
    Q_EMIT entriesChanged();
}

bool SubjectAltNameEditor::eventFilter(QObject* watched, QEvent* event)
{
    // Delete removes the current row (while a row is edited, its editor has the keys).
    if (watched == m_list && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Delete) {
        removeCurrentRow();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace custos::ui
