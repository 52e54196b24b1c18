#pragma once

#include "model/domain/Operator.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>

#include <functional>
#include <optional>

namespace custos::model {

class ServiceHost;

// Service signals ServiceHost does not forward itself.
enum class ServiceSignal { OperatorsChanged, GroupsChanged, AssignmentsChanged };

// Calls `slot` on the GUI thread each time `signal` is emitted on the service thread, for as long
// as `receiver` lives (the connection is made there once a workspace is open; connect/disconnect
// are thread-safe, and the slot only runs on the host's thread).
void relayServiceSignal(ServiceHost& host, QObject* receiver, ServiceSignal signal, std::function<void()> slot);

// What the list shows of an operator: no KDF salt, verifier or wrapped PIN on the GUI thread.
struct OperatorRow
{
    QString name;
    QString displayName;
    bool enabled = true;
    QDateTime lockedUntil; // invalid when not locked
    QDateTime lastLogin;   // invalid: never
    QString lastLoginWorkstation;
    bool hasCard = false;

    static OperatorRow of(const Operator& op);
    bool isLockedAt(const QDateTime& now) const { return lockedUntil.isValid() && now < lockedUntil; }
};

// The operators (OperatorService::list, operators/read), one row each, by name. Loads on the
// service thread and resets itself with the result; reloads on OperatorService::operatorsChanged.
// A result a newer load has overtaken is dropped.
class OperatorListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        DisplayNameColumn,
        EnabledColumn,
        LockedUntilColumn,
        LastLoginColumn,
        CardColumn,
        ColumnCount
    };
    enum Role { OperatorNameRole = Qt::UserRole + 1, IsEnabledRole, IsLockedRole, HasCardRole };

    explicit OperatorListModel(ServiceHost& host, QObject* parent = nullptr);

    void reload(); // keeps the rows until the new ones arrive
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; } // why the last load found nothing; empty when it worked

    std::optional<OperatorRow> operatorAt(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& name) const;
    QStringList names() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded(); // when a (re)load has arrived, also an empty or failed one

private:
    QVariant displayText(const OperatorRow& op, int column) const;
    QCoro::Task<> fetch(quint64 generation);
    void apply(QList<OperatorRow> operators, QString error);

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_loadError;
    QList<OperatorRow> m_operators;
};

} // namespace custos::model
