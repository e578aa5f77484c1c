"""Spreadsheets as organisations keep them, built with openpyxl for the import tests.

``tracker`` is laid out as UK government risk templates are (the Cabinet Office's Secure by
Design risk register among them): merged group headings above the real headings, a row
describing each column below them, "Impact Score" twice (inherent and residual), scores
written ``3 - Possible / Occasional `` with a trailing space, a date column mixing text and
date cells, controls as one cell of numbered items running over several lines, Yes/No and
Red/Amber/Green words; ``treatment`` is the separate treatment plan, one action per row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

REGISTER_5X5 = """\
# yaml-language-server: $schema=../schemas/register.schema.json
name: Digital Services Security Risk Register
id: security
scoring:
  likelihood:
    - {score: 1, label: Rare}
    - {score: 2, label: Unlikely}
    - {score: 3, label: Possible}
    - {score: 4, label: Likely}
    - {score: 5, label: Almost certain}
  impact:
    - {score: 1, label: Minimal}
    - {score: 2, label: Minor}
    - {score: 3, label: Moderate}
    - {score: 4, label: Major}
    - {score: 5, label: Severe}
  ratings:
    - {name: Green, min: 1, colour: "#2e7d32"}
    - {name: Amber, min: 5, colour: "#f9a825"}
    - {name: Red, min: 15, colour: "#c62828"}
review:
  every: P6M
"""

HEADINGS = [
    "Reference / Risk ID", "Risk Title", "Risk Description", "Date raised", "Risk Owner",
    "Likelihood Score", "Impact Score", "Inherent Rating", "Residual Likelihood", "Impact Score",
    "Residual Rating", "Existing Controls", "Risk Response", "Open?",
]  # fmt: skip
DESCRIPTIONS = [
    "Unique reference", "Short title", "Full statement", "DD/MM/YYYY", "Accountable person",
    "1-5", "1-5", "RAG", "1-5", "1-5", "RAG", "Numbered list", "Treat / Tolerate / Transfer / Terminate", "Yes/No",
]  # fmt: skip
CONTROLS = "1. Annual phishing training for\n   all staff\n2. Email filtering at the gateway\n3. MFA on remote access"
ROWS = [
    ["Risk 001", "Phishing leads to account takeover", "Staff credentials are phished.", "31/01/2023",
     "Chief Information Security Officer", "3 - Possible / Occasional ", "4 - Major ", "Amber",
     "2 - Unlikely", "4 - Major", "Amber", CONTROLS, "Treat", "Yes"],
    ["Risk 002", "Supplier\nbreach", "A supplier holding our data is breached.", dt.datetime(2023, 2, 14),
     "Head of Procurement", "2 - Unlikely", "5 - Severe", "Amber", "1 - Rare", 5, "Amber",
     "• Supplier assurance questionnaire\n• Contract clauses", "Accept", "Yes"],
    ["Risk 003", "Legacy server unsupported", "An end-of-life server is exploited.", "2023-03-01",
     "IT Operations Manager", 4, 3, "Amber", 3, 3, "Amber", "Network segregation", "Treat", "No"],
]  # fmt: skip
MAPPING = """\
sheet: Security Risk Tracker
header_row: 2
skip_rows: [3]
dates: day-first
columns:
  id: Reference / Risk ID
  title: Risk Title
  description: Risk Description
  raised: Date raised
  review.last: Date raised
  owner: Risk Owner
  inherent.likelihood: Likelihood Score
  inherent.impact: {column: G}
  residual.likelihood: Residual Likelihood
  residual.impact: {column: J}
  controls: Existing Controls
  response: Risk Response
  status: Open?
defaults: {category: Security}
values:
  response: {Treat: treat, Accept: tolerate}
  status: {Yes: open, No: closed}
actions:
  file: treatment.xlsx
  sheet: Sheet1
  key: Risk ID
  columns: {description: Risk Treatment, due: Date Due, owner: Risk Manager, status: Status}
  values: {status: {Red: open, Amber: open, Green: done}}
"""
ACTIONS = [
    ["Risk 001", "Roll out phishing-resistant MFA", "IT Manager", dt.datetime(2023, 6, 30), "Amber"],
    ["Risk 001", "Quarterly phishing exercise", "Security Awareness Lead", "31/03/2023", "Green"],
    ["Risk 002", "Re-assess top ten suppliers", "Head of Procurement", "30/09/2023", "Red"],
]


def tracker(path: Path, rows: list[list[object]] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Security Risk Tracker"
    sheet.append(["Risk identification", None, None, None, None, "Inherent risk", None, None, "Residual risk"])
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("F1:H1")
    sheet.merge_cells("I1:K1")
    sheet.append(HEADINGS)
    sheet.append(DESCRIPTIONS)
    for row in ROWS if rows is None else rows:
        sheet.append(row)
    sheet["D5"].number_format = "dd/mm/yyyy"
    book.create_sheet("Guidance").append(["How to fill in this register"])
    book.save(path)
    return path


def treatment(path: Path, rows: list[list[object]] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(["Risk ID", "Risk Treatment", "Risk Manager", "Date Due", "Status"])
    for row in ACTIONS if rows is None else rows:
        sheet.append(row)
    book.save(path)
    return path


def secure_by_design(folder: Path) -> tuple[Path, Path]:
    """The register workbook, its treatment plan beside it, and the mapping: (workbook, mapping)."""
    workbook = tracker(folder / "register.xlsx")
    treatment(folder / "treatment.xlsx")
    mapping = folder / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return workbook, mapping
