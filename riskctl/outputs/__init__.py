"""What riskctl shows: one registry of formatters per command, reports and their templates,
and the escaping every user string passes through on its way out.

Formatters are pure: data in, text (or bytes) out; writing it is the CLI's job. Imports
``model``, ``reading`` (column names and the cell rules export must agree with), ``rules``
(the catalogue) and ``history`` (diff and event records); never ``writing``.
"""
