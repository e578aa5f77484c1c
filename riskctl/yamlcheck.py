"""Where ruamel.yaml's parsers read YAML 1.2 otherwise than the YAML test suite, and the fixes.

``loading`` builds data from parse events. Each function here exists because of cases of
the official YAML test suite (named in its docstring) that ruamel.yaml's C parser (libyaml)
reads otherwise, and each is small enough to be plainly right. An ordinary file pays
almost nothing: a fix runs only when a cheap test of the text says its construct is there.
"""

from __future__ import annotations

from itertools import islice

_NON_BREAKS = "\x85\u2028\u2029"


def prepare(text: str) -> tuple[str, dict[int, str] | None]:
    """The text to parse, and what to put back into values (None when nothing was swapped).

    U+0085, U+2028 and U+2029 are ordinary characters in YAML 1.2 but line breaks to
    libyaml (as in YAML 1.1), which then refuses or splits the value: each is swapped for a
    private-use character the text does not hold, which both parsers read as any other.
    A final line break is added when the file has none: the suite reads the last line of a
    file alike with or without one (L24T/01, JEF9/02), where ruamel drops a block scalar's
    final line break.
    """
    restore = None
    if "\x85" in text or "\u2028" in text or "\u2029" in text:  # faster than a regex search
        free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
        stand_ins = list(islice(free, len(_NON_BREAKS)))
        if len(stand_ins) == len(_NON_BREAKS):  # else a text of 6,400 private-use characters: leave it be
            text = text.translate(dict(zip(map(ord, _NON_BREAKS), stand_ins, strict=True)))
            restore = dict(zip(map(ord, stand_ins), _NON_BREAKS, strict=True))
    if text and text[-1] not in "\r\n":
        text += "\n"
    return text, restore
