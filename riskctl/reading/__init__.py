"""Reading registers: the file layout, the YAML reader, schema validation, the cache.

Turns files (from the working tree, or bytes a git revision holds) into the records of
``riskctl.model``. Imports ``model`` and ``resources`` only; nothing here prints, exits or
runs a process.
"""
