"""Tables of the command line that fit the terminal: an 80-column one shows the scorecard whole, not cut.

Rich fits a table that is too wide by squeezing every column, so numbers end in '…' and headers break
letter by letter. A compact table decides instead which columns to show: each column is as wide as its
longest cell (and the longest word of its header; a header wraps at its spaces), one space between
columns, no frame. When that is wider than the terminal, the columns' short headers are used; when it
still is, the optional columns are left out, the least important first, and a line under the table
names them. Key columns (a region, a project, the promised and verified jobs) are never left out and
never cut; long text (an id, a warning) wraps within its column.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from jumys.reference.regions import get_region

FOLD_WIDTH = 24  # a column of long text wraps at this width (or its header's longest word)
GAP = 1  # the space between two columns


@dataclass(frozen=True)
class Col:
    """A column: its header, a shorter one for a narrow terminal, how it aligns and how much it matters.

    `key`: never left out and never cut. `drop`: the order in which optional columns are left out when the
    terminal is narrow (1 first; 0: never). `fold`: long text that wraps within the column.
    """

    header: str
    short: str | None = None
    right: bool = True
    key: bool = False
    drop: int = 0
    fold: bool = False


def _longest_word(text: str) -> int:
    return max((cell_len(w) for w in text.split()), default=0)


def _widths(cols: Sequence[Col], cells: list[list[str]], short: bool) -> list[int]:
    out = []
    for i, col in enumerate(cols):
        header = (col.short or col.header) if short else col.header
        longest = max((cell_len(row[i]) for row in cells), default=0)
        if col.fold:
            longest = min(longest, FOLD_WIDTH)
        out.append(max(longest, _longest_word(header), 1))
    return out


def compact_table(
    cols: Sequence[Col], rows: Sequence[Sequence[str]], width: int, title: str | None = None
) -> tuple[Table, list[str]]:
    """A table of rows (cells may hold rich markup) that fits width, and the headers of the columns left out."""
    cells = [[Text.from_markup(c).plain for c in row] for row in rows]
    shown = list(range(len(cols)))

    def total(short: bool) -> int:
        widths = _widths([cols[i] for i in shown], [[r[i] for i in shown] for r in cells], short)
        return sum(widths) + GAP * (len(shown) - 1)

    short = total(False) > width
    droppable = sorted((i for i, c in enumerate(cols) if c.drop and not c.key), key=lambda i: cols[i].drop)
    left_out: list[str] = []
    while droppable and total(short) > width:
        i = droppable.pop(0)
        shown.remove(i)
        left_out.append(cols[i].header)
    widths = _widths([cols[i] for i in shown], [[r[i] for i in shown] for r in cells], short)
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 0),
        title_justify="left",
    )
    for i, w in zip(shown, widths, strict=True):
        col = cols[i]
        header = (col.short or col.header) if short else col.header
        table.add_column(
            "\n".join(textwrap.wrap(header, w, break_long_words=False)) or header,
            justify="right" if col.right else "left",
            width=w,
            no_wrap=not col.fold,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(row[i] for i in shown))
    return table, left_out


def print_table(
    console: Console,
    cols: Sequence[Col],
    rows: Sequence[Sequence[str]],
    title: str | None = None,
    more: str = "a wider terminal shows them",
    none: str | None = None,
) -> None:
    """Print a compact table on console, and under it the columns left out for want of width.

    The title is a line of its own, as wide as the terminal: a table's own title wraps at the table's width,
    so a narrow table (two columns) would break its title into a column of fragments. none: the line said
    instead of a table without rows (its headings alone)."""
    if title:
        console.print(Text(title, style="table.title"))
    if not rows and none is not None:
        console.print(none, highlight=False)
        return
    table, left_out = compact_table(cols, rows, console.width)
    console.print(table)
    if left_out:
        console.print(
            f"[dim]not shown at {console.width} columns: {', '.join(left_out)} ({more})[/dim]",
            highlight=False,
        )


def region_label(kato2: str) -> str:
    """A region for a narrow column: its code and English name without «Region» («59 North Kazakhstan»); a
    city says so («75 Almaty city»), so it is not taken for the oblast of the same name."""
    region = get_region(kato2)
    if region is None:
        return kato2
    name = region.name_en.removesuffix(" Region")
    return f"{kato2} {name}" + (" city" if region.kind == "city" else "")
