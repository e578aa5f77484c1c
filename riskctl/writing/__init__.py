"""Writing files: atomic writes, in-place edits, ``init``, ``new``, ``review`` and ``import``.

Imports ``model``, ``reading``, ``rules`` and ``history``. Every write goes through
``atomic``: whole or not at all, never through a symlink, never over a change made
since the file was read; ``batch`` makes many files one such write (``import``);
``stdout`` checks every write to standard output.
"""
