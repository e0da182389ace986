"""The bulletin as a list of blocks that both renderers lay out (python-docx for DOCX, WeasyPrint for PDF).

Every text is final (formatted and translated) when a block is made; renderers decide only the layout.
A cell's ``state`` (met, in_range, behind, overdue) lets a renderer mark it, but the words are always in
the text too, so a black-and-white print loses nothing.
"""

from dataclasses import dataclass, field

# A mark before each state word, the same in both files: a black-and-white print tells them apart at a glance.
STATE_MARKS = {"met": "●", "in_range": "◐", "behind": "○", "overdue": "✕"}


def marked(cell: "Cell") -> str:
    """A cell's text with its state mark ("● 已完成")."""
    mark = STATE_MARKS.get(cell.state)
    return f"{mark} {cell.text}" if mark else cell.text


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body, note, lead


@dataclass(frozen=True)
class Cell:
    text: str
    state: str = ""
    strong: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a caption; ``numeric`` columns are right-aligned; ``widths`` are relative column widths;
    ``group_rows`` lists the row indexes that start a group (drawn with a heavier rule)."""

    key: str
    caption: str
    headers: list[str]
    rows: list[list[Cell]]
    widths: list[float]
    numeric: frozenset[int] = frozenset()
    group_rows: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Figure:
    """An image drawn by ``charts``; ``chart`` is its key there."""

    chart: str
    caption: str
    width_cm: float = 16.0


Block = Heading | Paragraph | Table | Figure


@dataclass
class Document:
    title: str
    subtitle: str
    meta: list[tuple[str, str]]  # (label, text) lines under the title
    blocks: list[Block] = field(default_factory=list)
    footer: str = ""
    language: str = "zh-hans"

    def tables(self) -> dict[str, Table]:
        return {b.key: b for b in self.blocks if isinstance(b, Table)}
