"""Task tables: `| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |`.

Plans and their appendices (`Phụ lục`) list their tasks one per row. The readers emit every data
table as markdown pipe rows, one line per table row, so a table is a paragraph of `|` lines. The
columns are found by the words of their header cell; a row with no body in its lead column is a
group heading (`| I | Công tác tuyên truyền | | | |`) that numbers the rows under it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import TABLE_COLUMNS
from ..text import fold, squash
from .deadlines import cell_deadline

_SEPARATOR = re.compile(r"^[\s|:\-–=+]*$")


@dataclass
class Cell:
    text: str
    start: int  # offset of the cell's text in the table paragraph


@dataclass
class Row:
    cells: list[Cell]
    start: int  # offset of the line in the table paragraph
    end: int


@dataclass
class TableTask:
    """One task row: the text of its content cell and where it stands."""

    label: str  # its number, with the group heading's ('I.2'), or its row count
    text: str
    start: int  # offsets in the table paragraph: the content cell to the end of the row
    end: int
    lead: str  # the lead column's cell, as written
    lead_is_chu_tri: bool
    cooperating: str
    time: str


def rows(text: str) -> list[Row]:
    """The pipe rows of a table paragraph, separator rows left out."""
    out: list[Row] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not line.lstrip().startswith("|") or _SEPARATOR.match(line):
            continue
        cells: list[Cell] = []
        bars = [i for i, ch in enumerate(line) if ch == "|"]
        if line.rstrip().endswith("|") and len(bars) > 1:
            bars_end = bars
        else:
            bars_end = bars + [len(line)]
        for a, b in zip(bars_end, bars_end[1:]):
            raw = line[a + 1:b]
            lead = len(raw) - len(raw.lstrip())
            cells.append(Cell(squash(raw), start + a + 1 + lead))
        out.append(Row(cells, start, start + len(line)))
    return out


def _column(header: str) -> str | None:
    key = fold(header)
    best: tuple[int, str] | None = None
    for name, words in TABLE_COLUMNS.items():
        for w in words:
            if key == w or re.search(rf"(?:^|\W){re.escape(w)}(?:\W|$)", key):
                # the longest match wins: "co quan phoi hop" is cooperating, not a doer
                if best is None or len(w) > best[0]:
                    best = (len(w), name)
    return best[1] if best else None


def columns(header: list[Cell]) -> dict[str, int] | None:
    """Column index of each kind, when the row is the header of a task table."""
    found: dict[str, int] = {}
    lead_is_chu_tri = False
    for i, cell in enumerate(header):
        kind = _column(cell.text)
        if kind and kind not in found:
            found[kind] = i
            if kind == "lead" and "chu tri" in fold(cell.text):
                lead_is_chu_tri = True
    if "lead" not in found or "content" not in found:
        return None
    found["chu_tri"] = int(lead_is_chu_tri)
    return found


def table_tasks(text: str) -> list[TableTask]:
    """The task rows of a table paragraph; [] when it is no task table."""
    table = rows(text)
    cols: dict[str, int] | None = None
    out: list[TableTask] = []
    group = ""
    count = 0
    for row in table:
        if cols is None:
            cols = columns(row.cells)
            continue

        def cell(kind: str) -> Cell | None:
            i = cols.get(kind) if cols else None
            return row.cells[i] if i is not None and i < len(row.cells) else None

        content, lead = cell("content"), cell("lead")
        number = cell("number")
        if content is None or not content.text:
            continue
        if _is_header_again(row, cols):
            continue
        if lead is None or not lead.text:
            # a group heading: the rows under it are numbered within it
            group = number.text.rstrip(".") if number is not None and number.text else group
            continue
        count += 1
        label = number.text.rstrip(".") if number is not None and number.text else str(count)
        if group and not label.startswith(group + "."):
            label = f"{group}.{label}"
        coop, time = cell("cooperating"), cell("time")
        out.append(TableTask(label, content.text, content.start, row.end, lead.text, bool(cols["chu_tri"]),
                             coop.text if coop else "", time.text if time else ""))
    return out


def _is_header_again(row: Row, cols: dict[str, int]) -> bool:
    """A header repeated (a table continued over a page, a two-row header)."""
    i = cols["lead"]
    return i < len(row.cells) and _column(row.cells[i].text) == "lead"


def time_deadline(cell: str) -> tuple[str, str | None] | None:
    """(date, recurrence) a time cell gives (policykg.parse.deadlines.cell_deadline): `Quý
    II/2021` is due 2021-06-30, `Tháng 6/2021` 2021-06-30, `Năm 2022` and `2021-2025` on 31
    December of their (last) year, `Quý IV hằng năm` on --12-31 every year. A time with no date
    (`Thường xuyên`, `Hằng năm`) gives none: a deadline has a date."""
    d = cell_deadline(cell, None)
    return (d["date"], d["recurrence"]) if d else None
