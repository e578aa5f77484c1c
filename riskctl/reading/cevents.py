"""Lighter event classes for ruamel.yaml's C parser: the same events, made in half the time.

ruamel.yaml's event classes set their slots through three levels of ``__init__`` (the
event, the node event, the scalar or collection), one of them with a sentinel default;
that was half of what its C parser spent on a typical register file. The C parser
(``_ruamel_yaml``) makes its events from the classes named in its own module, so
``install`` names there subclasses of the same classes that set the same slots in one
step: ``isinstance``, every attribute and every value stay as they were. ruamel's
pure-Python parser, and any other use of ruamel, is untouched.

``install`` first parses a probe document with ruamel's own classes and then with these,
and keeps these only if every event agrees in class, attributes and position; otherwise
the C parser is left as it was, only slower. The YAML test suite (tests/test_yaml_suite.py)
reads every case through them.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import events as ev


class ScalarEvent(ev.ScalarEvent):
    __slots__ = ()

    def __init__(
        self,
        anchor: Any,
        tag: Any,
        implicit: Any,
        value: Any,
        start_mark: Any = None,
        end_mark: Any = None,
        style: Any = None,
        comment: Any = None,
    ) -> None:
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.comment = None if comment is ev.CommentCheck else comment
        self.anchor = anchor
        self.ctag = tag
        self.implicit = implicit
        self.value = value
        self.style = style


def _collection_init(
    self: Any,
    anchor: Any,
    tag: Any,
    implicit: Any,
    start_mark: Any = None,
    end_mark: Any = None,
    flow_style: Any = None,
    comment: Any = None,
    nr_items: Any = None,
) -> None:
    self.start_mark = start_mark
    self.end_mark = end_mark
    self.comment = None if comment is ev.CommentCheck else comment
    self.anchor = anchor
    self.ctag = tag
    self.implicit = implicit
    self.flow_style = flow_style
    self.nr_items = nr_items


def _end_init(self: Any, start_mark: Any = None, end_mark: Any = None, comment: Any = None) -> None:
    self.start_mark = start_mark
    self.end_mark = end_mark
    self.comment = None if comment is ev.CommentCheck else comment


class MappingStartEvent(ev.MappingStartEvent):
    __slots__ = ()
    __init__ = _collection_init


class SequenceStartEvent(ev.SequenceStartEvent):
    __slots__ = ()
    __init__ = _collection_init


class MappingEndEvent(ev.MappingEndEvent):
    __slots__ = ()
    __init__ = _end_init


class SequenceEndEvent(ev.SequenceEndEvent):
    __slots__ = ()
    __init__ = _end_init


class StreamStartEvent(ev.StreamStartEvent):
    __slots__ = ()

    def __init__(self, start_mark: Any = None, end_mark: Any = None, encoding: Any = None, comment: Any = None) -> None:
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.comment = None if comment is ev.CommentCheck else comment
        self.encoding = encoding


class StreamEndEvent(ev.StreamEndEvent):
    __slots__ = ()
    __init__ = _end_init


class DocumentStartEvent(ev.DocumentStartEvent):
    __slots__ = ()

    def __init__(
        self,
        start_mark: Any = None,
        end_mark: Any = None,
        explicit: Any = None,
        version: Any = None,
        tags: Any = None,
        comment: Any = None,
    ) -> None:
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.comment = None if comment is ev.CommentCheck else comment
        self.explicit = explicit
        self.version = version
        self.tags = tags


class DocumentEndEvent(ev.DocumentEndEvent):
    __slots__ = ()

    def __init__(self, start_mark: Any = None, end_mark: Any = None, explicit: Any = None, comment: Any = None) -> None:
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.comment = None if comment is ev.CommentCheck else comment
        self.explicit = explicit


LIGHTER: dict[str, type] = {
    "ScalarEvent": ScalarEvent,
    "MappingStartEvent": MappingStartEvent,
    "SequenceStartEvent": SequenceStartEvent,
    "MappingEndEvent": MappingEndEvent,
    "SequenceEndEvent": SequenceEndEvent,
    "StreamStartEvent": StreamStartEvent,
    "StreamEndEvent": StreamEndEvent,
    "DocumentStartEvent": DocumentStartEvent,
    "DocumentEndEvent": DocumentEndEvent,
}
# Every kind of node and style the classes above are made for, with anchors, tags and aliases.
PROBE = """\
%TAG !e! tag:example.com,2000:
---
plain: value
quoted: "a \\" b"
single: 'it''s'
literal: |
  line one
folded: >-
  folded text
&anchor anchored: !!str tagged
alias: *anchor
flow: {a: [1, 2.5, ~], b: !e!x {}}
block:
  - &seq [x]
  - !!map {k: v}
  - ? complex
    : key
empty:
"""
_STATE: list[bool] = []  # [whether the lighter classes are in use], once installed


def kinds() -> dict[type, str]:
    """What each event class is, for ruamel's classes and these: scalar, alias, map, seq,
    end, document (a start) or stream-end."""
    found: dict[type, str] = {
        ev.ScalarEvent: "scalar",
        ev.AliasEvent: "alias",
        ev.MappingStartEvent: "map",
        ev.SequenceStartEvent: "seq",
        ev.MappingEndEvent: "end",
        ev.SequenceEndEvent: "end",
        ev.DocumentStartEvent: "document",
        ev.StreamEndEvent: "stream-end",
    }
    found.update({cls: found[cls.__mro__[1]] for cls in LIGHTER.values() if cls.__mro__[1] in found})
    return found


def install() -> bool:
    """Give the C parser the lighter classes, if it makes the very same events with them."""
    if _STATE:
        return _STATE[0]
    try:
        import _ruamel_yaml  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - no C parser: nothing to make faster
        _STATE.append(False)
        return False
    own: dict[str, Any] = {name: getattr(_ruamel_yaml, name, None) for name in LIGHTER}
    if any(own[name] is not cls.__mro__[1] for name, cls in LIGHTER.items()):
        _STATE.append(False)  # not the classes these were written against
        return False
    expected = _events(_ruamel_yaml)
    for name, cls in LIGHTER.items():
        setattr(_ruamel_yaml, name, cls)
    same = expected is not None and _events(_ruamel_yaml) == expected
    if not same:
        for name, original in own.items():
            setattr(_ruamel_yaml, name, original)
    _STATE.append(same)
    return same


def _events(module: Any, text: str = PROBE) -> list[tuple[Any, ...]] | None:
    """The events of ``text`` (None if it is refused), each as its ruamel class, attributes
    and positions."""
    try:
        parser = module.CParser(text)
        found = []
        while True:
            event = parser.get_event()
            base = next(cls for cls in type(event).__mro__ if cls.__module__ == ev.__name__)
            slots = sorted({slot for cls in type(event).__mro__ for slot in getattr(cls, "__slots__", ())})
            values = tuple(_plain(getattr(event, slot, None)) for slot in slots)
            marks = tuple((m.index, m.line, m.column) for m in (event.start_mark, event.end_mark))
            found.append((base, slots, values, marks))
            if isinstance(event, ev.StreamEndEvent):
                return found
    except Exception:
        return None


def _plain(value: Any) -> Any:
    return str(value) if value is not None and not isinstance(value, str | bool | int | tuple | dict) else value
