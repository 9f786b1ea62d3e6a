#include "suggest.h"

#include <QList>

namespace Taskline {

namespace {
int editDistance(QStringView a, QStringView b)
{
    QList<int> row(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            row[j] = qMin(qMin(row[j] + 1, row[j - 1] + 1), diagonal + cost);
            diagonal = above;
        }
    }
    return row[b.size()];
}
} // namespace

QString closestMatch(QStringView word, const QStringList &candidates)
{
    QString best;
    int bestDistance = 0;
    for (const QString &candidate : candidates) {
        const int d = editDistance(word, candidate);
        if (best.isEmpty() || d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    // A typo changes a few characters; beyond a third of the word it is another word.
    const int limit = qMax(2, int(word.size()) / 3);
    return bestDistance <= limit ? best : QString();
}

} // namespace Taskline
