"""The register model: frozen records, scoring, dates, the facts derived from an item, errors.

Pure: nothing here reads files, runs processes or prints. It imports nothing else of
riskctl, and every other package builds on it.
"""
