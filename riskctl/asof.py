"""The registers as they stood at a revision, read from git objects (nothing is checked out).

The register files of that commit are written to a temporary directory laid out like
the repository, loaded like any workspace, and the directory is removed; paths in the
output are the ones the user would see in the working tree.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from riskctl.gitlog import Repository
from riskctl.workspace import Workspace, load_workspace


def load_at(paths: Sequence[str], at: str, cwd: Path | None = None) -> tuple[Workspace, str]:
    """``(workspace, commit id)`` for ``paths`` at revision or date ``at``."""
    here = (cwd or Path.cwd()).absolute()
    with Repository(here) as repo:
        commit = repo.resolve_at(at)
        files = repo.tree_files(commit)
        with tempfile.TemporaryDirectory(prefix="riskctl-at-") as temporary:
            root = Path(temporary)
            (root / ".git").mkdir()  # the copy is its own workspace for symlink and reference checks
            for path, sha in files.items():
                target = root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(repo.blob(sha))
            inside = here.resolve().relative_to(repo.root.resolve())
            mirror = root / inside
            mirror.mkdir(parents=True, exist_ok=True)
            mapped = [_map(path, repo.root, root) for path in paths or ["."]]
            workspace = load_workspace(mapped, cwd=mirror)
    return workspace, commit


def _map(path: str, repo_root: Path, copy_root: Path) -> str:
    if not os.path.isabs(path):
        return path
    try:
        return str(copy_root / Path(path).resolve().relative_to(repo_root.resolve()))
    except ValueError:
        return path
