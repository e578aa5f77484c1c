"""Git repositories with fixed authors and dates, for history tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, author: str = "Alice Analyst", date: str = "2026-01-10T09:00:00+00:00") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": f"{author.split()[0].lower()}@force.example",
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": f"{author.split()[0].lower()}@force.example",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        done = subprocess.run(["git", *args], cwd=self.root, env=env, check=True, capture_output=True, text=True)
        return done.stdout

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, *, author: str = "Alice Analyst", date: str) -> str:
        self.git("add", "-A", author=author, date=date)
        self.git("commit", "-q", "-m", message, author=author, date=date)
        return self.git("rev-parse", "HEAD").strip()
