"""Reading spreadsheets: CSV as Excel writes it (UTF-8 with or without a byte-order mark, or
Windows-1252; comma, semicolon or tab separated) and XLSX sheets, merged cells included.

Only the bytes of a regular file are read (a FIFO or a device is refused, never waited on),
and a formula cell is read by the value the workbook saved. Turning rows into risks is
``sheetrows``'s job.
"""

from __future__ import annotations

import csv
import io
import os
import stat
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from riskctl.model.errors import UsageError
from riskctl.reading.tree import file_kind

MAX_SPREADSHEET = 64 * 1024 * 1024
SNIFF_LINES = 50


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells, every row from row 1 (a CSV file is one sheet with no name)."""

    file: str  # as the user gave it
    name: str | None
    rows: tuple[tuple[Any, ...], ...]
    merged: tuple[tuple[int, int, int, int], ...] = ()  # (first row, first column, last row, last column)

    def label(self) -> str:
        return f'{self.file}, sheet "{self.name}"' if self.name is not None else self.file

    def row(self, number: int) -> tuple[Any, ...]:
        """The cells of the 1-based row ``number`` (empty beyond the sheet's last row)."""
        return self.rows[number - 1] if 0 < number <= len(self.rows) else ()

    def filled(self, below: int) -> list[tuple[Any, ...]]:
        """Every row, with each merged range lying wholly below row ``below`` holding its value in
        every cell (a category merged down four rows belongs to each of the four risks); merged
        headings above the data are left as they are."""
        rows = [list(row) for row in self.rows]
        for first_row, first_col, last_row, last_col in self.merged:
            if first_row <= below or first_row > len(rows):
                continue
            source = rows[first_row - 1]
            value = source[first_col - 1] if first_col <= len(source) else None
            for number in range(first_row, min(last_row, len(rows)) + 1):
                row = rows[number - 1]
                row.extend([None] * (last_col - len(row)))
                for column in range(first_col, last_col + 1):
                    row[column - 1] = value
        return [tuple(row) for row in rows]


@dataclass(frozen=True)
class Book:
    """A CSV or XLSX file, read: its sheets in order and how it was read, for people."""

    file: str
    sheets: tuple[Sheet, ...]
    how: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets if sheet.name is not None]

    def sheet(self, name: str | None = None) -> Sheet:
        """The sheet called ``name`` (default: the first)."""
        if name is None or (len(self.sheets) == 1 and self.sheets[0].name is None):
            return self.sheets[0]
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise UsageError(f'{self.file}: no sheet "{name}"; its sheets are {", ".join(self.names) or "none"}')

    def find(self, name: str) -> Sheet | None:
        return next((sheet for sheet in self.sheets if sheet.name == name), None)


def read_file(path: str) -> bytes:
    """The bytes of the regular file ``path``; a FIFO, device or directory is refused at once."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as error:
        raise UsageError(f"{path}: cannot read it: {error.strerror or error}") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{path}: this is {file_kind(info.st_mode)}, not a regular file; riskctl imports files")
        if info.st_size > MAX_SPREADSHEET:
            raise UsageError(f"{path}: larger than {MAX_SPREADSHEET // 1024 // 1024} MiB; riskctl reads up to that")
        chunks = []
        while chunk := os.read(handle, 1024 * 1024):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise UsageError(f"{path}: cannot read it: {error.strerror or error}") from None
    finally:
        os.close(handle)


def read_book(path: str) -> Book:
    """A .csv or .xlsx (.xlsm) file, by its extension."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise UsageError(f"{path}: expected a .csv or .xlsx file")
    raw = read_file(path)
    return read_csv(raw, path) if suffix == ".csv" else read_xlsx(raw, path)


def decode_csv(raw: bytes, path: str) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in, in words."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return _decode(raw[3:], "utf-8", path), "UTF-8 text with a byte-order mark"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(raw, "utf-16", path), "UTF-16 text"
    try:
        return raw.decode("utf-8"), "UTF-8 text"
    except UnicodeDecodeError:
        pass
    return _decode(raw, "cp1252", path), "Windows-1252 text (not UTF-8)"


def _decode(raw: bytes, encoding: str, path: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.start + 1].hex()
        raise UsageError(
            f"{path}:{line}: byte 0x{bad} is neither UTF-8 nor Windows-1252 text; save the file as CSV UTF-8"
        ) from None
    if "\0" in text:
        raise UsageError(f"{path}: the file contains NUL characters; it is not a CSV text file")
    return text


def read_csv(raw: bytes, path: str) -> Book:
    text, encoding = decode_csv(raw, path)
    delimiter = _delimiter(text)
    try:
        rows = [
            tuple(cell if cell != "" else None for cell in row)
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise UsageError(f"{path}: cannot read it as CSV: {error}") from None
    separated = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    return Book(path, (Sheet(path, None, tuple(rows)),), f"{encoding}, {separated}-separated")


def _delimiter(text: str) -> str:
    """The separator that gives the first lines the same number of columns most often (comma on a tie)."""
    sample = text.split("\n", SNIFF_LINES)[:SNIFF_LINES]
    best, best_score = ",", (-1, -1)
    for candidate in (",", ";", "\t"):
        try:
            widths = [len(row) for row in csv.reader(sample, delimiter=candidate) if any(row)]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_xlsx(raw: bytes, path: str) -> Book:
    from openpyxl import load_workbook  # about 0.15 s to import: not for CSV

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            book = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as error:  # openpyxl raises zipfile, XML and key errors for damaged files
        raise UsageError(f"{path}: cannot read it as a spreadsheet: {error}") from None
    sheets = []
    for worksheet in book.worksheets:
        rows = tuple(_trim(row) for row in worksheet.iter_rows(values_only=True))
        ranges = worksheet.merged_cells.ranges
        merged = tuple((r.min_row, r.min_col, r.max_row, r.max_col) for r in ranges)
        sheets.append(Sheet(path, worksheet.title, rows, merged))
    book.close()
    return Book(path, tuple(sheets), "XLSX")


def _trim(row: Sequence[Any]) -> tuple[Any, ...]:
    cells = [None if isinstance(cell, str) and cell == "" else cell for cell in row]
    while cells and cells[-1] is None:
        cells.pop()
    return tuple(cells)
