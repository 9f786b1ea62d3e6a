#pragma once

#include "imageexport.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Taskline {

/*! Asks where to export the timeline (PNG, SVG or PDF) and at which size and scale. */
class ImageExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImageExportDialog(QWidget *parent = nullptr);

    void setPath(const QString &path);
    QString path() const;
    void setOptions(const ImageOptions &options);
    ImageOptions options() const;

private:
    void browse();
    void formatChanged();
    void updateOk();

    QLineEdit *m_path = nullptr;
    QComboBox *m_format = nullptr;
    QSpinBox *m_width = nullptr;
    QSpinBox *m_height = nullptr;
    QDoubleSpinBox *m_scale = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace Taskline
