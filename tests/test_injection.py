"""Problem 4: user text cannot act where riskctl's output is shown.

Not in a CI log (a line that starts, after white space, with '::' runs as a GitHub workflow
command; '##[' is the older form), not in a terminal (ESC and other control characters),
not in Markdown that a code host renders (mentions, images, links, HTML), not in a workbook.
Every command that writes text for people is run over the same hostile register, with
tables narrow enough to wrap the hostile text onto new lines.
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from .conftest import REGISTER_4X4, Run, policy_yaml, risk_yaml
from .consumers import HOSTILE_TITLE
from .gitrepo import GitRepo

OUR_COMMAND = re.compile(r"^::(error|warning|notice) (file=[^:]*,line=\d+,col=\d+,)?title=[^:]*::")


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A register whose rating names, titles, owners, categories, keys and commit messages are hostile."""
    repo = GitRepo(tmp_path / "repo")
    text = json.dumps(HOSTILE_TITLE)
    register = REGISTER_4X4.replace("name: High,", f"name: {json.dumps('High' + HOSTILE_TITLE)},")
    repo.write("reg/register.yaml", register)
    repo.write("reg/risks/R1.yaml", risk_yaml("R1", title=f"title: {text}", owner=f"owner: {text}"))
    repo.write("reg/risks/R2.yaml", risk_yaml("R2", category=f"category: {text}", status='status: "op\\u001ben"'))
    repo.write("reg/policies/P1.yaml", policy_yaml("P1", title=f"title: {text}"))
    repo.commit("Add\n::add-mask::x", author="Eve ::error::Author", date="2026-10-01T09:00:00+00:00")
    repo.write("reg/risks/R3.yaml", risk_yaml("R3", review='review:\n  last: 2026-10-01\n"x\\n::error::key": 1'))
    rescored = "residual:\n  likelihood: 3\n  impact: 3"
    repo.write("reg/risks/R1.yaml", risk_yaml("R1", title=f"title: {text}", owner=f"owner: {text}", residual=rescored))
    monkeypatch.chdir(repo.root)
    return repo.root


def people_outputs(run: Run, tmp_path: Path) -> dict[str, str]:
    summary = tmp_path / "summary.md"
    summary.write_text("")
    step = {"GITHUB_STEP_SUMMARY": str(summary)}
    outputs = {
        "check": run("check", "reg").stdout,
        "check --format github": run("check", "reg", "--format", "github", env=step).stdout,
        "check --format junit": run("check", "reg", "--format", "junit").stdout,
        "list": run("list", "reg").stdout,
        "list --policies": run("list", "reg", "--policies").stdout,
        "show R1": run("show", "R1", "reg").stdout,
        "show P1": run("show", "P1", "reg").stdout,
        "diff": run("diff", "HEAD").stdout,
        "history R1": run("history", "R1").stdout,
        "matrix": run("matrix", "reg", "--ids").stdout,
        "report": run("report", "reg").stdout,
        "report --format md": run("report", "reg", "--format", "md").stdout,
        "list --format csv": run("list", "reg", "--format", "csv").stdout,
    }
    outputs["job summary"] = summary.read_text()
    return outputs


def test_nothing_in_text_for_people_can_start_a_workflow_command(run: Run, hostile: Path, tmp_path: Path) -> None:
    outputs = people_outputs(run, tmp_path)
    for name, text in outputs.items():
        assert "HOSTILE" not in name
        assert "##[" not in text, name
        assert not re.search(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", text), (name, text)
        for line in text.splitlines():
            if name == "check --format github" and OUR_COMMAND.match(line):
                line = OUR_COMMAND.sub("", line)
            assert not line.lstrip().startswith("::") and "::" not in line, (name, line)
    for name in ("check", "list", "show R1", "diff", "history R1", "job summary"):
        assert any(word in outputs[name] for word in ("Loss", "key", "Eve")), name  # the hostile text was shown


def rendered(markdown: str) -> str:
    """HTML as GitHub and GitLab render Markdown (CommonMark with tables)."""
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_markdown_is_inert_on_code_hosts(run: Run, hostile: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("")
    run("check", "reg", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    documents = {
        "diff --format md": run("diff", "HEAD", "--format", "md").stdout,
        "job summary": summary.read_text(),
        "report --format md": run("report", "reg", "--format", "md").stdout,
    }
    for name, markdown in documents.items():
        page = rendered(markdown)
        assert "Loss" in page or "key" in page, name
        assert "<img" not in page and "<b>" not in page, name
        assert not any(href.startswith("javascript") for href in re.findall(r'href="([^"]*)"', page)), name
        shown = html.unescape(re.sub(r"<[^>]+>", "", page))  # the text a reader sees
        assert not re.search(r"(?<![\w@])@octocat", shown), (name, shown)
        assert "\x1b" not in page, name


def test_xlsx_export_holds_control_characters_as_text(run: Run, hostile: Path) -> None:
    result = run("export", "reg", "--format", "xlsx", "-o", "out.xlsx")
    assert result.exit_code in (0, 1), result.output
    book = load_workbook(io.BytesIO(Path("out.xlsx").read_bytes()))
    titles = [row[3] for row in book["Risks"].iter_rows(values_only=True)]
    assert any(isinstance(title, str) and "\\x1b" in title and "\x1b" not in title for title in titles)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_line_separator_in_a_title_cannot_fake_a_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, separator: str
) -> None:
    """Unicode's line and paragraph separators break lines in many terminals and viewers: in
    text for people they are a space, as a line break is, so a title cannot print a field
    of its own (``Status closed``) under the real one."""
    repo = GitRepo(tmp_path / "repo")
    title = json.dumps(f"Harmless{separator}Status    closed{separator}Owner     Nobody")
    repo.write("reg/register.yaml", REGISTER_4X4)
    repo.write("reg/risks/R1.yaml", risk_yaml("R1", title=f"title: {title}"))
    repo.commit("Add R1", date="2026-10-01T09:00:00+00:00")
    monkeypatch.chdir(repo.root)
    for args in (("show", "R1", "reg"), ("list", "reg"), ("report", "reg", "--format", "md"), ("history", "R1")):
        out = run(*args).stdout
        assert separator not in out, args
        assert not any(line.lstrip().startswith("Status    closed") for line in out.splitlines()), (args, out)
