#pragma once

#include "model/domain/Key.h"

#include <QAbstractTableModel>
#include <QCoro/QCoroTask>
#include <QList>

#include <optional>

namespace custos::model {

class ServiceHost;

// The versions of one key, oldest first (KeyService::versions), loaded on the service thread once
// per key and again on keysChanged; a result a newer load has overtaken is dropped. The newest
// version is the current one.
class KeyVersionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SeqColumn,
        IdColumn,
        EnabledColumn,
        NotBeforeColumn,
        ExpiresColumn,
        CreatedColumn,
        UpdatedColumn,
        TagsColumn,
        ColumnCount
    };
    enum Role { VersionIdRole = Qt::UserRole + 1, IsCurrentRole, IsEnabledRole };

    explicit KeyVersionModel(ServiceHost& host, QObject* parent = nullptr);

    // Empty name: no key. A deleted key shows no versions (they are not readable until recovered).
    void setKey(const QString& vault, const QString& name);
    void reload(); // keeps the rows until the new ones arrive
    bool isLoading() const { return m_loading; }
    QString loadError() const { return m_loadError; }

    std::optional<KeyVersion> version(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& versionId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded(); // when a (re)load has arrived

private:
    QVariant displayText(const KeyVersion& version, int column) const;
    QCoro::Task<> fetch(quint64 generation, QString vault, QString name);
    void apply(QList<KeyVersion> versions, QString error);

    ServiceHost& m_host;
    quint64 m_generation = 0;
    bool m_loading = false;
    QString m_vault;
    QString m_name;
    QString m_loadError;
    QList<KeyVersion> m_versions;
};

} // namespace custos::model
