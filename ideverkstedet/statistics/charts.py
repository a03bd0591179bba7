"""Geometry for the server-rendered SVG charts: numbers in, coordinates out. The templates only place them.

No JavaScript and no style attributes (the CSP forbids inline styles): colours are SVG presentation attributes,
chosen for at least 3:1 contrast against the page, and every bar carries its label and value as text, so colour
never carries meaning alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ideverkstedet.statistics.figures import Figure

WIDTH = 480  # drawn at this size on a wide screen and scaled down (never up) on a narrow one
VALUE_SPACE = 90
BAR_HEIGHT = 16
ROW_HEIGHT = 48  # a label line above each bar, so long labels need no room beside it
BAR_COLOUR = "#0b5563"  # 7.6:1 against white
LINE_HEIGHT = 220
LINE_TOP = 20
LINE_BOTTOM = 40
LINE_LEFT = 60


@dataclass(frozen=True)
class Bar:
    label: str
    display: str
    label_y: int
    y: int
    text_y: int
    width: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int
    colour: str
    bars: list[Bar]


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float
    label: str
    display: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    colour: str
    points: str  # the polyline's "x,y x,y …"
    dots: list[LinePoint]
    axis_left: int
    axis_bottom: float
    top: int
    max_display: str
    first_label: str
    last_label: str


def bar_chart(figure: Figure) -> BarChart:
    values = [row.value or 0 for row in figure.rows]
    biggest = max(values, default=0) or 1
    room = WIDTH - VALUE_SPACE
    bars = []
    for index, row in enumerate(figure.rows):
        width = round(room * (row.value or 0) / biggest, 1)
        top = index * ROW_HEIGHT
        bars.append(
            Bar(
                label=row.label,
                display=row.display,
                label_y=top + 17,
                y=top + 24,
                text_y=top + 24 + BAR_HEIGHT - 2,
                width=width,
                value_x=width + 6,
            )
        )
    return BarChart(
        width=WIDTH,
        height=8 + len(figure.rows) * ROW_HEIGHT,
        label_x=0,
        bar_x=0,
        bar_height=BAR_HEIGHT,
        colour=BAR_COLOUR,
        bars=bars,
    )


def line_chart(figure: Figure) -> LineChart:
    rows = figure.rows
    values = [row.value or 0 for row in rows]
    biggest = max(values, default=0) or 1
    plot_width = WIDTH - LINE_LEFT - 20
    plot_height = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    step = plot_width / max(len(rows) - 1, 1)
    dots = [
        LinePoint(
            x=round(LINE_LEFT + index * step, 1),
            y=round(LINE_TOP + plot_height * (1 - (row.value or 0) / biggest), 1),
            label=row.label,
            display=row.display,
        )
        for index, row in enumerate(rows)
    ]
    biggest_row = max(rows, key=lambda r: r.value or 0) if rows else None
    return LineChart(
        width=WIDTH,
        height=LINE_HEIGHT,
        colour=BAR_COLOUR,
        points=" ".join(f"{d.x},{d.y}" for d in dots),
        dots=dots,
        axis_left=LINE_LEFT,
        axis_bottom=LINE_TOP + plot_height,
        top=LINE_TOP,
        max_display=biggest_row.display if biggest_row else "0",
        first_label=rows[0].label if rows else "",
        last_label=rows[-1].label if rows else "",
    )
