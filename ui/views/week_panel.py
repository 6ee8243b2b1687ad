"""The week panel beside the chart: the selected week's figures, stages and score."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from leakdesk.report.export import FIGURES, figure_text, week_label
from leakdesk.report.weekly import STAGE_LABELS, STAGES, WeekFigures
from leakdesk.report.wording import figure_changes, headline, weakest_sentence


class WeekPanel(QFrame):
    rescue_requested = Signal()  # the headline's "Rescue N now"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weekPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(330)
        column = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setObjectName("weekTitle")
        self.title.setWordWrap(True)
        column.addWidget(self.title)
        self.headline = QLabel(self)
        self.headline.setObjectName("weekHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.linkActivated.connect(lambda _link: self.rescue_requested.emit())
        column.addWidget(self.headline)
        self.score = QLabel(self)
        self.score.setObjectName("weekScore")
        self.score.setWordWrap(True)
        column.addWidget(self.score)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.values: dict[str, QLabel] = {}
        self.deltas: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(FIGURES):
            name = QLabel(label, self)
            name.setToolTip({"responded_within_sla": "Leads whose first response met the SLA deadline",
                             "speed_median": "Median business minutes from arrival to first response",
                             "speed_p90": "90% of answered leads were answered within this (business time)",
                             }.get(key, ""))
            grid.addWidget(name, row, 0)
            value = QLabel(self)
            value.setObjectName(f"figure-{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
            delta = QLabel(self)
            delta.setObjectName(f"change-{key}")
            grid.addWidget(delta, row, 2)
            self.values[key], self.deltas[key] = value, delta
        column.addLayout(grid)
        self.stage_bars: dict[str, QProgressBar] = {}
        stages = QGridLayout()
        for row, stage in enumerate(STAGES):
            stages.addWidget(QLabel(STAGE_LABELS[stage].capitalize(), self), row, 0)
            bar = QProgressBar(self)
            bar.setObjectName(f"stage-{stage}")
            bar.setRange(0, 100)
            bar.setMaximumHeight(14)
            bar.setFormat("%p%")
            stages.addWidget(bar, row, 1)
            self.stage_bars[stage] = bar
        column.addLayout(stages)
        self.sentence = QLabel(self)
        self.sentence.setObjectName("weakestSentence")
        self.sentence.setWordWrap(True)
        column.addWidget(self.sentence)
        column.addStretch(1)

    def show_week(self, week: WeekFigures, previous: WeekFigures | None, rescue: int = 0, last: bool = False) -> None:
        self.title.setText(f"<b>Week of {week_label(week)}</b>" + ("<br><i>Provisional: the week is not over "
                                                                   "yet.</i>" if week.provisional else ""))
        self.title.setToolTip(f"ISO week {week.week}")
        said = escape(headline(week, rescue, last))
        if rescue:
            rescue_words = escape(f"Rescue {rescue} now.")
            said = said.replace(rescue_words, f"<a href='rescue'>{rescue_words}</a>")
        self.headline.setText(f"<span style='font-size:12pt'>{said}</span>")
        score = "—" if week.score is None else str(week.score)
        self.score.setText(f"<span style='font-size:22pt; font-weight:600'>{score}</span>"
                           f"&nbsp; health score of 100")
        self.score.setToolTip("The average of the five stages below (capture, ownership, response, follow-up, "
                              "conversion): 100 when every lead was captured, owned, answered and followed up in "
                              "time and the booking target was met. It is not the share of leads that leaked.")
        moved = figure_changes(week, previous)
        for key, _ in FIGURES:
            self.values[key].setText(figure_text(week, key))
            change = moved.get(key)
            if change is None:
                self.deltas[key].setText("")
                continue
            colour = "#6b7280" if change.better is None else ("#15803d" if change.better else "#b91c1c")
            self.deltas[key].setText(f"<span style='color:{colour}'>{change.text}</span>")
            self.deltas[key].setToolTip("Against the week before")
        stages = week.stages or {}
        for stage, bar in self.stage_bars.items():
            value = stages.get(stage)
            bar.setValue(0 if value is None else round(100 * value))
            bar.setTextVisible(value is not None)
            bar.setProperty("weakest", stage == week.weakest_stage)
        self.sentence.setText(weakest_sentence(week))
