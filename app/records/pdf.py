"""A record as a PDF (fpdf2: pure Python, no system libraries, no network at run time).

The PDF uses the standard Helvetica font, which every PDF reader has, so nothing is embedded
and the file stays small; that font covers Latin-1, so a character outside it (a Greek `Ω` in
a note) is printed as `?` — the JSON and HTML forms keep it exactly.
"""

from __future__ import annotations

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode

from app.records.layout import Fields, Layout, Table

_FONT = "Helvetica"
_HEADINGS = FontFace(emphasis="BOLD", fill_color=(232, 232, 232))


def _latin1(value: str) -> str:
    return value.encode("latin-1", "replace").decode("latin-1")


class _RecordPdf(FPDF):
    def __init__(self, layout: Layout) -> None:
        super().__init__(orientation="landscape", format="A4")
        self._footer_text = _latin1(f"{layout.title} - generated {layout.generated}")
        self.set_title(_latin1(layout.title))
        self.set_creator("Takt")
        self.set_auto_page_break(auto=True, margin=12)
        self.set_margins(10, 10, 10)

    def footer(self) -> None:
        self.set_y(-9)
        self.set_font(_FONT, size=7)
        self.set_text_color(90)
        self.cell(0, 4, self._footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"page {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(0)


def _heading(pdf: FPDF, title: str) -> None:
    if pdf.get_y() > pdf.h - 35:  # a heading never ends a page
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(_FONT, "B", 10)
    pdf.cell(0, 6, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, size=7)


def _fields(pdf: FPDF, block: Fields) -> None:
    _heading(pdf, block.title)
    pdf.set_font(_FONT, size=8)
    with pdf.table(
        col_widths=(1, 3),
        first_row_as_headings=False,
        text_align="LEFT",
        width=160,
        align="LEFT",
        line_height=4.2,
        borders_layout="HORIZONTAL_LINES",
    ) as table:
        for key, value in block.pairs:
            row = table.row()
            row.cell(_latin1(key), style=FontFace(emphasis="BOLD"))
            row.cell(_latin1(value))


def _table(pdf: FPDF, block: Table) -> None:
    _heading(pdf, block.title)
    if not block.rows:
        pdf.set_font(_FONT, "I", 8)
        pdf.cell(0, 5, "none", new_x="LMARGIN", new_y="NEXT")
        return
    widths = tuple(1.0 if i in block.narrow else 2.2 for i in range(len(block.columns)))
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=3.4,
        headings_style=_HEADINGS,
        cell_fill_mode=TableCellFillMode.NONE,
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for column in block.columns:
            heading.cell(_latin1(column))
        for values in block.rows:
            row = table.row()
            for value in values:
                row.cell(_latin1(value))


def render_pdf(layout: Layout) -> bytes:
    pdf = _RecordPdf(layout)
    pdf.add_page()
    pdf.set_font(_FONT, "B", 14)
    pdf.cell(0, 8, _latin1(layout.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FONT, size=8)
    pdf.cell(0, 5, _latin1(f"Generated {layout.generated}"), new_x="LMARGIN", new_y="NEXT")
    for block in layout.blocks:
        if isinstance(block, Fields):
            _fields(pdf, block)
        else:
            _table(pdf, block)
    return bytes(pdf.output())
