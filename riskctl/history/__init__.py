"""The registers through time: the one git module, the registers at a revision, diffs,
history walks and the audit trail.

Imports ``model`` and ``reading``; ``git`` is the only module in riskctl that starts a process.
"""
