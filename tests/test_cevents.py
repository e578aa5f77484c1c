"""The lighter event classes give ruamel.yaml's C parser the very same events."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskctl.reading import cevents

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT.parent / "shared" / "yaml-test-suite"


def _texts() -> list[str]:
    """Every register file of the samples and the fixtures, and the YAML suite's inputs when it is here."""
    files = sorted(ROOT.glob("registers/**/*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("**/*.yaml"))
    files += sorted(SUITE.glob("**/in.yaml"))
    texts = []
    for path in files:
        try:
            texts.append(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
    return texts


def _swap(module: object, classes: dict[str, type]) -> None:
    for name, cls in classes.items():
        setattr(module, name, cls)


def test_the_c_parser_makes_the_same_events_with_the_lighter_classes() -> None:
    import _ruamel_yaml
    from ruamel.yaml import events as ev

    assert cevents.install()
    assert _ruamel_yaml.ScalarEvent is cevents.ScalarEvent
    own = {name: getattr(ev, name) for name in cevents.LIGHTER}
    texts = [cevents.PROBE, *_texts()]
    assert len(texts) > 100
    try:
        _swap(_ruamel_yaml, own)
        expected = [cevents._events(_ruamel_yaml, text) for text in texts]
    finally:
        _swap(_ruamel_yaml, cevents.LIGHTER)
    found = [cevents._events(_ruamel_yaml, text) for text in texts]
    assert found == expected
    assert sum(events is not None for events in found) > 100  # most are read, so events were compared


def test_lighter_classes_that_differ_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import _ruamel_yaml
    from ruamel.yaml import events as ev

    class Careless(ev.ScalarEvent):
        __slots__ = ()

        def __init__(self, anchor: object, tag: object, implicit: object, value: object, *rest: object) -> None:
            super().__init__(anchor, tag, implicit, value, *rest)
            self.style = None  # loses '"' and '|': a quoted "1" would read as the number 1

    original = dict(cevents.LIGHTER)
    monkeypatch.setattr(cevents, "_STATE", [])
    monkeypatch.setattr(cevents, "LIGHTER", {**original, "ScalarEvent": Careless})
    _swap(_ruamel_yaml, {name: getattr(ev, name) for name in original})
    try:
        assert not cevents.install()
        assert _ruamel_yaml.ScalarEvent is ev.ScalarEvent and _ruamel_yaml.MappingStartEvent is ev.MappingStartEvent
    finally:
        _swap(_ruamel_yaml, original)  # as the rest of this run found it


def test_the_reader_reads_alike_with_either(monkeypatch: pytest.MonkeyPatch) -> None:
    import _ruamel_yaml
    from ruamel.yaml import events as ev

    from riskctl.reading.loading import load_text

    texts = _texts()[:400]
    cevents.install()
    lighter = [load_text(text, "x.yaml") for text in texts]
    _swap(_ruamel_yaml, {name: getattr(ev, name) for name in cevents.LIGHTER})
    try:
        own = [load_text(text, "x.yaml") for text in texts]
    finally:
        _swap(_ruamel_yaml, cevents.LIGHTER)
    assert [(r.document and r.document.data, r.problems) for r in lighter] == [
        (r.document and r.document.data, r.problems) for r in own
    ]
