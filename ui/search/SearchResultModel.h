#pragma once

#include "model/services/GlobalSearch.h"

#include <QAbstractListModel>
#include <QIcon>
#include <QList>

#include <optional>

namespace custos::ui {

// The global search's hits, best first: the name with a kind icon, and where it is and what matched
// ("Key in vault payments · tag: team=payments").
class SearchResultModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { KindRole = Qt::UserRole + 1, NameRole, VaultRole, ResourceRole };

    explicit SearchResultModel(QObject* parent = nullptr);

    void setHits(QList<model::SearchHit> hits);
    void clear();
    std::optional<model::SearchHit> hit(int row) const;
    const QList<model::SearchHit>& hits() const { return m_hits; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    static QString kindText(model::SearchHit::Kind kind);    // "Key"
    static QString fieldText(model::SearchHit::Field field); // "tag"
    static QIcon kindIcon(model::SearchHit::Kind kind);
    static QString locationText(const model::SearchHit& hit); // "Key in vault payments"
    static QString displayText(const model::SearchHit& hit);

private:
    QList<model::SearchHit> m_hits;
};

} // namespace custos::ui
