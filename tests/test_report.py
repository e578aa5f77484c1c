"""Reports: golden output, hostile text, Markdown as a code host parses it, HTML as a browser shows it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pypdf import PdfReader

from riskctl import __version__
from riskctl.outputs.escape import safe_url
from riskctl.outputs.heatmap import text_colour

from .conftest import REGISTER_4X4, SAMPLES, MakeRegister, Run, risk_yaml
from .gitrepo import GitRepo

HOSTILE_TITLES = [
    "<img src=x onerror=alert(1)>",
    "a | b",
    "@org/team please look",
    '=HYPERLINK("http://evil.example","click")',
    "back`tick` and **bold** [link](javascript:alert(1))",
]


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """The sample registers outside git, so the report's provenance is the same everywhere."""
    target = tmp_path / "registers"
    shutil.copytree(SAMPLES, target)
    return target


@pytest.fixture
def hostile(make_register: MakeRegister) -> Path:
    risks = {
        f"R{n}": risk_yaml(f"R{n}", title=f"title: {json.dumps(text)}", owner=f"owner: {json.dumps(text)}")
        for n, text in enumerate(HOSTILE_TITLES, 1)
    }
    return make_register(risks)


def report(run: Run, *args: str) -> str:
    result = run("report", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.replace(__version__, "VERSION")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_sample_report(
    run: Run, samples: Path, monkeypatch: pytest.MonkeyPatch, golden: object, fmt: str
) -> None:
    monkeypatch.chdir(samples.parent)
    golden(f"report.{fmt}", report(run, "registers", "--format", fmt))  # type: ignore[operator]


def test_report_content(run: Run, samples: Path) -> None:
    text = report(run, str(samples), "--format", "md")
    assert text.startswith("**OFFICIAL**\n\n# Risk and policy registers\n")  # the marking first, then the title
    assert text.count("# Risk and policy registers") == 1
    assert text.rstrip().endswith("**OFFICIAL**")
    order = [text.index(heading) for heading in ("## Executive summary", "## All registers", "## Cambridgeshire")]
    assert order == sorted(order)
    assert "(not from a git commit)" in text.split("---")[-1]  # provenance is a footer line
    assert "| Essex Police and Kent Police Policy Register | 0 | 0 | 0 | 0 | 3 |" in text
    assert "| 1 | R3.1 | Finances not managed effectively |" in text  # ranked by residual score
    assert (
        "| O28 | Business continuity policy | Head of Tactical Operations | April 2024 | April 2026 | **overdue** |"
        in text
    )
    assert "| 2 Possible | · Low | **4** Medium | **10** Medium | **1** High |" in text  # no score where a count goes
    assert "| 3 Probable | · Low | · Medium | **2** High | · Very high ▲ |" in text  # above appetite (9)
    assert "- essex-kent:O28 Business continuity policy: policy review was due April 2026" in text
    assert "2027-01-15" not in text and "15 January 2027" in text


def markdown_tables(text: str) -> list[list[list[str]]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables, rows, row = [], [], None
    for token in tokens:
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(row or [])
            row = None
        elif token.type == "table_close":
            tables.append(rows)
    return tables


def test_markdown_tables_survive_hostile_text(run: Run, hostile: Path) -> None:
    text = report(run, str(hostile), "--format", "md")
    tables = markdown_tables(text)
    assert len(tables) >= 4
    for table in tables:
        assert len({len(row) for row in table}) == 1, table  # no cell split by a pipe
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<img" not in html and "javascript:" not in html.replace("javascript:alert", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "@org/team" not in text and "@\u200borg/team" in text
    ranked = next(t for t in tables if t[0][:3] == ["#", "ID", "Title"])
    assert any("a | b" in MarkdownIt().renderInline(row[2]) for row in ranked)


def test_html_escapes_hostile_text(run: Run, hostile: Path) -> None:
    text = report(run, str(hostile), "--format", "html")
    assert "<img src=x" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<script" not in text and "javascript:" not in text.split("<body>")[1].replace("javascript:alert(1))", "")
    assert "HYPERLINK(&#34;http://evil.example&#34;" in text


def test_html_is_self_contained(run: Run, samples: Path) -> None:
    text = report(run, str(samples))
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert "src=" not in text.split("<body>")[1]
    assert "default-src 'none'" in text  # and the browser is told to fetch nothing


def test_browser_renders_without_network_or_errors(run: Run, samples: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(chromium).exists(), "chromium is missing: `make test` installs it"
    page_file = tmp_path / "report.html"
    assert run("report", str(samples), "-o", str(page_file)).exit_code == 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on(
            "console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(page_file.as_uri())
        screenshot = tmp_path / "report.png"
        page.screenshot(path=str(screenshot), full_page=True)
        pdf = tmp_path / "report.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)  # the page size the print CSS asks for
        headings = page.locator("h2").all_inner_texts()
        heat_maps = page.locator("svg.heatmap").count()
        overdue = page.locator(".overdue").count()
        cell_title = page.locator("svg g title").first.text_content() or ""
        browser.close()
    assert requests == [page_file.as_uri()]
    assert problems == []
    assert screenshot.stat().st_size > 50_000
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size > 20_000
    printed = PdfReader(pdf)  # printed from the browser: A4, the marking and the page number on every page
    for number, sheet in enumerate(printed.pages, 1):
        assert (round(float(sheet.mediabox.width)), round(float(sheet.mediabox.height))) == (595, 842)
        text = sheet.extract_text()
        assert text.count("OFFICIAL") == 2 and f"Page {number} of {len(printed.pages)}" in text, number
    assert headings == [  # the hierarchy's order: the force, then its directorate and department
        "Executive summary",
        "Portfolio heat map",
        "All registers",
        "Cambridgeshire Strategic Risk Register",
        "Operational Support Directorate Risk Register (illustrative)",
        "Contact Management Department Risk Register (illustrative)",
        "Essex Police and Kent Police Policy Register",
    ]
    assert heat_maps == 8  # the portfolio's two, and two for each register with risks
    assert overdue == 9  # three policies overdue, three risks above appetite (table and details): in words too
    assert cell_title.startswith("Likelihood ")


def test_template_dir_is_sandboxed(run: Run, samples: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.md.j2").write_text("{{ report.title }}: {{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    result = run("report", str(samples), "--format", "md", "--template-dir", str(templates))
    assert result.exit_code == 2
    assert "SecurityError" in result.stderr
    (templates / "report.md.j2").write_text(
        "Our own: {{ report.title }} with {{ report.sections | length }} sections\n"
    )
    assert report(run, str(samples), "--format", "md", "--template-dir", str(templates)) == (
        "Our own: Risk and policy registers with 4 sections\n"
    )


def test_trends_and_changes_since(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("reg/register.yaml", REGISTER_4X4)
    repo.write("reg/risks/R1.yaml", risk_yaml("R1"))
    repo.write("reg/risks/R2.yaml", risk_yaml("R2"))
    repo.commit("Start", date="2026-01-01T00:00:00+00:00")
    repo.write("reg/risks/R1.yaml", risk_yaml("R1", residual="residual:\n  likelihood: 3\n  impact: 3"))
    repo.commit("Rescore R1 after the audit", author="Bob Reviewer", date="2026-03-03T10:00:00+00:00")
    repo.write("reg/risks/R3.yaml", risk_yaml("R3"))
    monkeypatch.chdir(repo.root)
    text = report(run, "--format", "md", "--since", "2026-01-01")
    assert "| 1 | R1 | Loss of the force control room |" in text
    assert "| ▲ up from 6 | 6 → 9 |" in text and "| new | - |" in text and "| = same | 6 |" in text
    assert "## Changes since 1 January 2026" in text
    assert (
        "- Residual score raised from 6 (Medium) to 9 (High) on 3 March 2026 by Bob Reviewer: "
        "“Rescore R1 after the audit”." in text
    )
    assert "**R3: Loss of the force control room**\n\n- Added, not yet committed." in text
    changes = text.split("## Changes since")[1]
    assert "{" not in changes and "residual.score" not in changes  # sentences, never JSON or field paths
    html = report(run, "--since", "HEAD")
    assert "▲ up</span> from 6" not in html and "= same" in html
    assert "with uncommitted changes" in html and "clean working tree" not in html
    assert html.index("with uncommitted changes") > html.index("</main>")  # provenance in the footer
    assert (
        'class="spark"' in html and "Residual score 6 (Medium) from 1 January 2026; 9 (High) from 3 March 2026" in html
    )


def test_safe_links_and_contrast() -> None:
    assert safe_url("https://force.example/policy") == "https://force.example/policy"
    assert safe_url("javascript:alert(1)") == "#"
    assert safe_url(" data:text/html,x") == "#"
    assert text_colour("#b71c1c") == "#ffffff"
    assert text_colour("#f9a825") == "#000000"


def test_matrix_in_the_terminal(run: Run, samples: Path) -> None:
    counts = run("matrix", str(samples)).stdout
    assert "Inherent (before controls)" in counts and "Residual (after controls)" in counts
    assert "10" in counts
    ids = run("matrix", str(samples), "--ids").stdout
    assert "R3.3" in ids
    assert run("matrix", str(samples / "essex-kent-policies")).exit_code == 2
