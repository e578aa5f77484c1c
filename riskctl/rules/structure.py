"""RC1xx: files that cannot be read, break the schema, or clash with each other."""

from __future__ import annotations

from collections.abc import Iterator

from riskctl.model.records import Item, Severity
from riskctl.rules.base import Context, Hit, documented, rule

RC101 = documented(
    "RC101",
    "yaml-syntax",
    Severity.ERROR,
    "a file cannot be read as UTF-8 YAML",
    """
    What it checks: that the file can be read at all: UTF-8 text (a byte-order mark is
    fine), valid YAML 1.2, one document, plain values only. It also refuses files that
    are too large, nest too deeply, use aliases that would expand too far, carry tags
    such as `!!python/object`, ask for YAML 1.1, or are symlinks leading outside the
    workspace.

    Why it matters: a file riskctl cannot read is a risk nobody is tracking. The rest
    of the register is still checked.

    Example that fires:

        title: Loss of the control room
        owner: [Head of Tactical Operations   # the list is never closed

    How to fix: correct the YAML at the line and column given; indent with spaces;
    save as UTF-8; keep one risk per file.
    """,
)

RC102 = documented(
    "RC102",
    "schema",
    Severity.ERROR,
    "a value breaks the JSON Schema",
    """
    What it checks: every file against its JSON Schema (schemas/register.schema.json,
    risk.schema.json, policy.schema.json): required fields, value types, allowed values,
    date and duration forms, and no unknown fields (so typos are caught).

    Why it matters: a misspelt field is silently ignored by people and by reports; an
    unknown status means nobody knows whether the risk is live.

    Example that fires:

        status: opn        # expected one of: open, closed
        ownr: Chief Executive   # unknown field 'ownr'; did you mean 'owner'?

    How to fix: use the field names and values the message lists. Add the
    `# yaml-language-server: $schema=...` line at the top of the file and an editor
    with the YAML extension will complete and check fields as you type.
    """,
)

RC103 = documented(
    "RC103",
    "duplicate-key",
    Severity.ERROR,
    "a mapping repeats a key",
    """
    What it checks: that no field appears twice in the same mapping.

    Why it matters: YAML keeps only one of the two values, so an edit can silently
    vanish (two `residual:` blocks: which score is real?).

    Example that fires:

        residual: {likelihood: 3, impact: 3}
        residual: {likelihood: 2, impact: 3}

    How to fix: delete the stale copy.
    """,
)


@rule("RC104", "duplicate-id", Severity.ERROR, "two files in a register share an id / reference")
def rc104(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that no two risks (or two policies) in one register have the same
    `id` (`reference` for policies).

    Why it matters: history, reports and references all identify an item by its id;
    two items with one id are confused everywhere.

    Example that fires: risks/R1.1.yaml and risks/R1.1-copy.yaml both say `id: R1.1`.

    How to fix: give the newer risk the next free id (`riskctl new risk` picks one).
    """
    field = "id" if item.kind == "risk" else "reference"
    clashes = [path for path in ctx.workspace.ids(item.register).get((item.kind, item.id), []) if path != item.path]
    if clashes:
        yield Hit((field,), f"{field} '{item.id}' is also used by {', '.join(sorted(clashes))}")


@rule("RC105", "filename-mismatch", Severity.WARNING, "file stem differs from id / reference")
def rc105(item: Item, ctx: Context) -> Iterator[Hit]:
    """
    What it checks: that a file is named after the item it holds: risks/R3.3.yaml holds
    `id: R3.3`, policies/O28.yaml holds `reference: O28`.

    Why it matters: people find risks by file name, and pull-request diffs show file
    names; a mismatch sends a reviewer to the wrong risk.

    Example that fires: risks/R3.3.yaml containing `id: R3.4`.

    How to fix: rename the file (`git mv`) or correct the id.
    """
    field = "id" if item.kind == "risk" else "reference"
    if item.id != item.stem:
        yield Hit((field,), f"{field} is '{item.id}' but the file is named '{item.stem}'; expected them to match")


RULES = (RC101, RC102, RC103, rc104, rc105)
