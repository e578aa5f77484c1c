"""The board pack as a committee gets it: the sample registers printed to PDF, read back with pypdf.

One render, shared by every assertion (a module-scoped fixture). The sample registers are
committed to a repository with a little history (a risk rescored, one closed without a
date), so the pack carries trends, movement and changes. The pages are also drawn as PNG
with poppler's pdftoppm, as a person would look at them: they stay in pytest's temporary
directory (``pages0`` under ``pytest-of-$USER/pytest-current``).
"""

from __future__ import annotations

import logging
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from riskctl.model.facts import marking_tier

from .conftest import SAMPLES, Run
from .gitrepo import GitRepo

A4 = (595.28, 841.89)  # points
BOTTOM_MARGIN = 22 / 25.4 * 72  # the print CSS's bottom margin, in points
TOP_OF_BODY = A4[1] - BOTTOM_MARGIN  # the top margin is as deep
R33 = "registers/cambridgeshire-strategic/risks/R3.3.yaml"
R37 = "registers/cambridgeshire-strategic/risks/R3.7.yaml"


@dataclass(frozen=True)
class Line:
    y: float
    size: float  # the text's size on the page, in points
    bold: bool
    text: str


@dataclass(frozen=True)
class Pack:
    pdf: Path
    reader: PdfReader
    pages: list[str]  # each page's text
    lines: list[list[Line]]  # each page's text runs, with where and how they are set
    pngs: list[Path]
    warnings: list[str]  # what WeasyPrint logged while it laid the pack out
    open_risks: dict[str, str]  # id -> title


def _runs(page: object) -> list[Line]:
    found: list[Line] = []

    def visit(text: str, cm: list[float], tm: list[float], font: dict[str, object] | None, size: float) -> None:
        if text.strip():
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            name = str(font.get("/BaseFont", "")) if font else ""
            found.append(Line(tm[5] * cm[3] + cm[5], size * scale, "Bold" in name, text.strip()))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    root = tmp_path_factory.mktemp("board")
    repo = GitRepo(root / "repo")
    shutil.copytree(SAMPLES, repo.root / "registers")
    rescored = (repo.root / R33).read_text()
    repo.write(
        R33, rescored.replace("likelihood: 3\n  impact: 3\n  score: 9", "likelihood: 3\n  impact: 4\n  score: 12")
    )
    repo.commit("Start the strategic register", date="2026-01-15T09:00:00+00:00")
    repo.write(R33, rescored)
    repo.write(R37, (repo.root / R37).read_text().replace("status: open", "status: closed"))
    repo.commit("Rescore R3.3 after the alliance review", author="Bob Reviewer", date="2026-03-03T10:00:00+00:00")
    target = root / "board-pack.pdf"
    logged: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("weasyprint").addHandler(handler)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo.root)
        patch.setenv("RISKCTL_CACHE_DIR", str(root / "cache"))
        result = Run()("report", "registers", "--format", "pdf", "-o", str(target), "--since", "2026-01-15")
    logging.getLogger("weasyprint").removeHandler(handler)
    assert result.exit_code == 0, result.output
    reader = PdfReader(target)
    pages = [page.extract_text() for page in reader.pages]
    drawn = tmp_path_factory.mktemp("pages")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(target), str(drawn / "page")], check=True)
    open_risks = {}
    for path in sorted((repo.root / "registers/cambridgeshire-strategic/risks").glob("*.yaml")):
        text = path.read_text()
        if "status: open" in text:
            title = re.search(r"^title: (.+)$", text, re.MULTILINE)
            assert title is not None
            open_risks[path.stem] = title.group(1).strip().strip('"')
    return Pack(target, reader, pages, [_runs(page) for page in reader.pages], sorted(drawn.glob("*.png")),
               logged, open_risks)  # fmt: skip


def test_every_page_is_a4(pack: Pack) -> None:
    assert len(pack.reader.pages) > 3
    for page in pack.reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (round(A4[0]), round(A4[1]))


def test_marking_at_top_and_bottom_and_page_numbers_on_every_page(pack: Pack) -> None:
    total = len(pack.pages)
    for number, (text, lines) in enumerate(zip(pack.pages, pack.lines, strict=True), 1):
        assert f"Page {number} of {total}" in text
        markings = [line for line in lines if line.text == "OFFICIAL"]
        assert any(line.y > TOP_OF_BODY for line in markings), f"page {number}: no marking at the top"
        assert any(line.y < BOTTOM_MARGIN for line in markings), f"page {number}: no marking at the bottom"
    assert marking_tier("OFFICIAL") == 1


def test_first_page_reads_marking_title_then_executive_summary(pack: Pack) -> None:
    first = [line.text for line in sorted(pack.lines[0], key=lambda line: -line.y)]
    assert first[0] == "OFFICIAL"
    assert first[1] == "Risk and policy registers"
    assert "Executive summary" in first
    assert first.index("Executive summary") < first.index("Highest risks")
    whole = " ".join(pack.pages[0].split())
    assert (
        "Residual score down cambs:R3.3 Benefits of collaboration agreements not achieved: 12 (Very high) → 9 (High)"
        in whole
    )
    assert "Closed cambs:R3.7" in whole


def test_every_open_risk_is_in_the_pack(pack: Pack) -> None:
    whole = " ".join(" ".join(pack.pages).split())
    assert len(pack.open_risks) == 18
    for ident, title in pack.open_risks.items():
        assert f"{ident}: {title}" in whole, ident  # its detail, headed by id and title


def test_closed_risk_is_apart_and_flagged(pack: Pack) -> None:
    whole = " ".join(" ".join(pack.pages).split())
    closed = whole.index("Closed risks ID Title")
    assert "R3.7 New powers for victims and restorative justice not used" in whole[closed:]
    assert "no closed date recorded" in whole[closed:]
    assert "R3.7" not in whole[whole.index("Open risks by residual score") : closed]  # not among the open risks


def test_changes_are_sentences(pack: Pack) -> None:
    whole = " ".join(" ".join(pack.pages).split())
    assert (
        "Residual score lowered from 12 (Very high) to 9 (High) on 3 March 2026 by Bob Reviewer: "
        "“Rescore R3.3 after the alliance review”." in whole
    )
    assert "Closed on 3 March 2026 by Bob Reviewer" in whole


def stranded_headings(pages: list[list[Line]]) -> list[tuple[int, str]]:
    """(page, text) of each page whose lowest body line is set as a heading (bold, 11 pt or more)."""
    found = []
    for number, lines in enumerate(pages, 1):
        body = [line for line in lines if BOTTOM_MARGIN < line.y < TOP_OF_BODY]
        if body:
            lowest = min(line.y for line in body)
            last = [line for line in body if abs(line.y - lowest) < 1]
            found += [(number, line.text) for line in last if line.bold and line.size >= 11]
    return found


def test_no_heading_ends_a_page(pack: Pack) -> None:
    assert stranded_headings(pack.lines) == []


@pytest.mark.parametrize("keep", [False, True])
def test_a_stranded_heading_is_seen(keep: bool) -> None:
    """The check above finds a heading left at the foot of a page (WeasyPrint's own stylesheet
    keeps headings with what follows, so leaving one takes ``break-after: auto``), and finds
    none where the CSS keeps it, as the report's does."""
    import io

    import weasyprint

    rule = "h2 { break-after: avoid; }" if keep else "h2 { break-after: auto; }"
    html = (
        f"<style>@page {{ size: A4; margin: 22mm }} body {{ font: 10pt 'DejaVu Sans' }} h2 {{ font-size: 15pt }} {rule}"
        "</style><div style='height: 236mm'></div><h2>Stranded heading</h2>"
        "<div style='height: 200mm; break-inside: avoid'>What the heading is about</div>"
    )
    reader = PdfReader(io.BytesIO(weasyprint.HTML(string=html).write_pdf()))
    found = stranded_headings([_runs(page) for page in reader.pages])
    assert found == ([] if keep else [(1, "Stranded heading")])


def test_pages_drawn_for_people_and_nothing_logged(pack: Pack) -> None:
    assert len(pack.pngs) == len(pack.pages)
    assert all(png.stat().st_size > 5_000 for png in pack.pngs)
    assert pack.warnings == []
