#include "taskfunction.h"

#include "trace.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace Taskline {

double shapeValue(TaskShape shape, double x)
{
    if (!(x >= 0.0 && x < 1.0))
        return 0.0;
    switch (shape) {
    case TaskShape::Flat:
        return 1.0;
    case TaskShape::RampUp:
        return x;
    case TaskShape::RampDown:
        return 1.0 - x;
    case TaskShape::Triangle:
        return 1.0 - std::abs(2.0 * x - 1.0);
    }
    return 1.0;
}

namespace {

// Antiderivative of s with S(0) = 0, for x in [0, 1].
double shapeIntegral(TaskShape shape, double x)
{
    switch (shape) {
    case TaskShape::Flat:
        return x;
    case TaskShape::RampUp:
        return 0.5 * x * x;
    case TaskShape::RampDown:
        return x - 0.5 * x * x;
    case TaskShape::Triangle:
        return x <= 0.5 ? x * x : 2.0 * x - x * x - 0.5;
    }
    return x;
}

struct Weighting
{
    double weight = 1;
    TaskShape shape = TaskShape::Flat;
};

/*
 * Each record's weight and shape. Most plans give every task weight 1 and a flat shape (every
 * run and every imported trace): then no record needs a look at its spec, which costs a cache
 * miss or two per record of a big trace.
 */
class Weights
{
public:
    explicit Weights(const Trace &trace)
        : m_plan(trace.plan.get()), m_uniform(!m_plan || m_plan->unitWeights())
    {
    }

    Weighting of(const AttemptRecord &r) const
    {
        if (m_uniform || r.task >= m_plan->taskCount())
            return {};
        const TaskParams spec = m_plan->spec(r.task);
        return {spec.weight, spec.shape};
    }

private:
    const Plan *m_plan;
    bool m_uniform;
};

/*
 * Builds one curve. Positions are in bin units relative to t0 (bin k is [k, k+1)), so ns values
 * are never squared. An attempt that covers three bins or more is a sum of value and slope
 * jumps at its breakpoints, swept once over the bins. A shorter one is integrated directly into
 * its one or two bins: its slope (w/d per ns) may be huge next to a bin, and carrying it through
 * the sweep would leave rounding residue behind.
 */
class Accumulator
{
public:
    Accumulator(qint64 t0Ns, qint64 t1Ns, int bins)
        : m_t0(t0Ns), m_t1(t1Ns), m_bins(bins), m_h(double(t1Ns - t0Ns) / bins),
          m_cells(std::size_t(bins))
    {
    }

    void add(const AttemptRecord &r, Weighting wt)
    {
        const qint64 d = r.endNs - r.startNs;
        if (r.lane < 0 || d <= 0 || r.endNs <= m_t0 || r.startNs >= m_t1 ||
            !std::isfinite(wt.weight) || wt.weight == 0.0)
            return;
        const qint64 a = std::max(r.startNs, m_t0);
        const qint64 b = std::min(r.endNs, m_t1);
        const int first = binAt(double(a - m_t0) / m_h);
        const int last = std::clamp(int(std::ceil(double(b - m_t0) / m_h)) - 1, first, m_bins - 1);
        if (last - first <= 1)
            addShort(r, wt, a, b, first, last);
        else
            addLong(r, wt);
    }

    QList<double> finish() const
    {
        QList<double> values(m_bins);
        double v = m_v0;
        double s = m_s0;
        int active = m_active0;
        for (int k = 0; k < m_bins; ++k) {
            const Cell &c = m_cells[std::size_t(k)];
            const double integral = v + 0.5 * s + c.jvR + 0.5 * c.jsR2 + c.direct;
            v += s + c.jv + c.jsR;
            s += c.js;
            active += c.count;
            if (active == 0) {
                // Nothing long is running: v and s are exactly 0, drop the rounding residue.
                v = 0;
                s = 0;
            }
            values[k] = integral > 0 ? integral : 0.0;
        }
        return values;
    }

private:
    struct Cell
    {
        double jv = 0, js = 0;   // sums of value and slope jumps in the bin
        double jvR = 0, jsR = 0; // the same, times r = (right edge - breakpoint)
        double jsR2 = 0;         // slope jumps times r^2
        double direct = 0;       // integrals of short attempts
        int count = 0;           // long attempts starting minus ending in the bin
    };

    int binAt(double x) const { return std::clamp(int(x), 0, m_bins - 1); }

    void addShort(const AttemptRecord &r, Weighting wt, qint64 a, qint64 b, int first, int last)
    {
        if (wt.shape == TaskShape::Flat) {
            // The common case, without the shape's integral: w times the time in each bin.
            const double scale = wt.weight / m_h;
            if (first == last) {
                m_cells[std::size_t(first)].direct += scale * double(b - a);
                return;
            }
            const double edge = std::clamp(double(last) * m_h, double(a - m_t0), double(b - m_t0));
            m_cells[std::size_t(first)].direct += scale * (edge - double(a - m_t0));
            m_cells[std::size_t(last)].direct += scale * (double(b - m_t0) - edge);
            return;
        }
        const double d = double(r.endNs - r.startNs);
        const double scale = wt.weight * d / m_h;
        const double ua = double(a - r.startNs) / d;
        const double ub = double(b - r.startNs) / d;
        const double sa = shapeIntegral(wt.shape, ua);
        const double sb = shapeIntegral(wt.shape, ub);
        if (first == last) {
            m_cells[std::size_t(first)].direct += scale * (sb - sa);
            return;
        }
        const double edge = double(last) * m_h - double(r.startNs - m_t0);
        const double sg = shapeIntegral(wt.shape, std::clamp(edge / d, ua, ub));
        m_cells[std::size_t(first)].direct += scale * (sg - sa);
        m_cells[std::size_t(last)].direct += scale * (sb - sg);
    }

    void addLong(const AttemptRecord &r, Weighting wt)
    {
        const double w = wt.weight;
        const double start = double(r.startNs - m_t0) / m_h;
        const double end = double(r.endNs - m_t0) / m_h;
        const double slope = w / (end - start); // per bin
        switch (wt.shape) {
        case TaskShape::Flat:
            addBreak(start, w, 0, 1);
            addBreak(end, -w, 0, -1);
            break;
        case TaskShape::RampUp:
            addBreak(start, 0, slope, 1);
            addBreak(end, -w, -slope, -1);
            break;
        case TaskShape::RampDown:
            addBreak(start, w, -slope, 1);
            addBreak(end, 0, slope, -1);
            break;
        case TaskShape::Triangle:
            addBreak(start, 0, 2 * slope, 1);
            addBreak(start + 0.5 * (end - start), 0, -4 * slope, 0);
            addBreak(end, 0, 2 * slope, -1);
            break;
        }
    }

    void addBreak(double x, double jv, double js, int count)
    {
        if (x < 0) {
            // Before t0: fold into the value and slope the sweep starts with.
            m_v0 += jv - js * x;
            m_s0 += js;
            m_active0 += count;
            return;
        }
        if (x >= m_bins)
            return;
        const int k = binAt(x);
        const double r = std::clamp(double(k + 1) - x, 0.0, 1.0);
        Cell &c = m_cells[std::size_t(k)];
        c.jv += jv;
        c.js += js;
        c.jvR += jv * r;
        c.jsR += js * r;
        c.jsR2 += js * r * r;
        c.count += count;
    }

    qint64 m_t0;
    qint64 m_t1;
    int m_bins;
    double m_h;
    std::vector<Cell> m_cells;
    double m_v0 = 0;
    double m_s0 = 0;
    int m_active0 = 0;
};

bool validGrid(qint64 t0Ns, qint64 t1Ns, int bins)
{
    return bins > 0 && t1Ns > t0Ns;
}

} // namespace

ActivityCurve activity(const Trace &trace, qint64 t0Ns, qint64 t1Ns, int bins,
                       std::optional<TaskKind> kind)
{
    ActivityCurve curve;
    curve.t0Ns = t0Ns;
    curve.t1Ns = t1Ns;
    if (!validGrid(t0Ns, t1Ns, bins))
        return curve;
    Accumulator acc(t0Ns, t1Ns, bins);
    const Weights weights(trace);
    for (const AttemptRecord &r : trace.records) {
        if (!kind || r.kind == *kind)
            acc.add(r, weights.of(r));
    }
    curve.values = acc.finish();
    return curve;
}

std::array<ActivityCurve, TaskKindCount> activityByKind(const Trace &trace, qint64 t0Ns,
                                                        qint64 t1Ns, int bins)
{
    std::array<ActivityCurve, TaskKindCount> curves;
    for (ActivityCurve &c : curves) {
        c.t0Ns = t0Ns;
        c.t1Ns = t1Ns;
    }
    if (!validGrid(t0Ns, t1Ns, bins))
        return curves;
    std::vector<Accumulator> accs(TaskKindCount, Accumulator(t0Ns, t1Ns, bins));
    const Weights weights(trace);
    for (const AttemptRecord &r : trace.records) {
        const auto k = std::size_t(r.kind);
        if (k < accs.size())
            accs[k].add(r, weights.of(r));
    }
    for (std::size_t k = 0; k < curves.size(); ++k)
        curves[k].values = accs[k].finish();
    return curves;
}

} // namespace Taskline
