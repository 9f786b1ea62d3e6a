#include "imageexportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace Taskline {

namespace {
const char *const Suffixes[] = {"png", "svg", "pdf"};
}

ImageExportDialog::ImageExportDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("imageExportDialog"));
    setWindowTitle(tr("Export Image"));
    auto *form = new QFormLayout(this);

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("PNG image"), QStringLiteral("png"));
    m_format->addItem(tr("SVG drawing"), QStringLiteral("svg"));
    m_format->addItem(tr("PDF document"), QStringLiteral("pdf"));
    form->addRow(tr("&Format:"), m_format);

    auto *pathRow = new QHBoxLayout;
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_path->setMinimumWidth(fontMetrics().averageCharWidth() * 48);
    auto *browse = new QPushButton(tr("&Browse..."), this);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    form->addRow(tr("&File:"), pathRow);

    m_width = new QSpinBox(this);
    m_width->setObjectName(QStringLiteral("exportWidth"));
    m_width->setRange(200, 20000);
    m_width->setSuffix(tr(" px"));
    m_height = new QSpinBox(this);
    m_height->setObjectName(QStringLiteral("exportHeight"));
    m_height->setRange(150, 20000);
    m_height->setSuffix(tr(" px"));
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("\u00d7"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch(1);
    form->addRow(tr("&Size:"), sizeRow);

    m_scale = new QDoubleSpinBox(this);
    m_scale->setObjectName(QStringLiteral("exportScale"));
    m_scale->setRange(0.25, 8);
    m_scale->setSingleStep(0.5);
    m_scale->setDecimals(2);
    m_scale->setSuffix(QStringLiteral("\u00d7"));
    m_scale->setToolTip(tr("Device pixel ratio of a PNG: 2x doubles the pixels, not the layout"));
    form->addRow(tr("S&cale:"), m_scale);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Export"));
    form->addRow(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ImageExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ImageExportDialog::formatChanged);
    connect(m_path, &QLineEdit::textChanged, this, [this](const QString &text) {
        const QString suffix = QFileInfo(text).suffix().toLower();
        const int index = m_format->findData(suffix);
        if (index >= 0 && index != m_format->currentIndex())
            m_format->setCurrentIndex(index);
        updateOk();
    });
    setOptions({});
    updateOk();
}

void ImageExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

QString ImageExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ImageExportDialog::setOptions(const ImageOptions &options)
{
    m_width->setValue(options.width);
    m_height->setValue(options.height);
    m_scale->setValue(options.scale);
}

ImageOptions ImageExportDialog::options() const
{
    ImageOptions o;
    o.width = m_width->value();
    o.height = m_height->value();
    o.scale = m_scale->value();
    return o;
}

void ImageExportDialog::browse()
{
    const QString suffix = m_format->currentData().toString();
    const QString filter = tr("%1 (*.%2)").arg(m_format->currentText(), suffix);
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export Image"), path(), filter);
    if (!chosen.isEmpty())
        setPath(QFileInfo(chosen).suffix().isEmpty() ? chosen + QLatin1Char('.') + suffix : chosen);
}

void ImageExportDialog::formatChanged()
{
    const QString suffix = m_format->currentData().toString();
    m_scale->setEnabled(suffix == QLatin1String("png"));
    QString p = path();
    if (p.isEmpty())
        return;
    const QFileInfo info(p);
    if (info.suffix().toLower() == suffix)
        return;
    bool known = false;
    for (const char *s : Suffixes)
        known = known || info.suffix().compare(QLatin1String(s), Qt::CaseInsensitive) == 0;
    if (known)
        p.chop(info.suffix().size() + 1);
    setPath(p + QLatin1Char('.') + suffix);
}

void ImageExportDialog::updateOk()
{
    m_ok->setEnabled(!path().isEmpty());
}

} // namespace Taskline
