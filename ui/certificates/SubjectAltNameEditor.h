#pragma once

#include <QStringList>
#include <QWidget>

class QListWidget;
class QPushButton;

namespace custos::ui {

// The subject alternative names of a new certificate as editable rows ("dns:web01.example.test",
// "ip:127.0.0.1", "email:..", "uri:.."), each checked with crypto::x509's parser as it is typed.
// Invalid rows carry their reason as a tool tip; problem() names the first one.
class SubjectAltNameEditor : public QWidget
{
    Q_OBJECT
public:
    explicit SubjectAltNameEditor(QWidget* parent = nullptr);

    QStringList entries() const; // trimmed, in row order
    // Why the list cannot be used as it is (a row that does not parse, or one given twice); empty
    // when every row is valid.
    QString problem() const;
    bool hasKind(const QString& kind) const; // "dns", "ip", ... among the valid rows
    void addEntry(const QString& text);      // appends a row (not opened for editing)
    QListWidget* listWidget() const { return m_list; }

Q_SIGNALS:
    void entriesChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void addEditableRow();
    void removeCurrentRow();
    void revalidate();

    QListWidget* m_list = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QString m_problem;
    bool m_revalidating = false;
};

} // namespace custos::ui
