"""Schema validators compiled ahead of time from ``schemas/`` (``make validators`` writes them).

Generated code: each module checks one schema's documents, valid or not, as fastjsonschema
compiles it; ``tests/test_validation.py`` holds them to what the schemas generate now.
"""
