"""Schema validators compiled ahead of time from ``schemas/`` (``make validators`` writes them).

Generated code: each module checks one schema's documents, valid or not, as fastjsonschema
compiles it; ``tests/test_validation.py`` holds them to what the schemas generate now.
"""


class JsonSchemaValueException(ValueError):
    """What a validator here raises for a document the schema rejects (its message only).

    fastjsonschema's own class, which the code it generates imports, would bring the whole
    compiler onto every command's start-up; ``make validators`` points that import here."""


class JsonSchemaValuesException(JsonSchemaValueException):
    """Named by the generated code (in ``except`` clauses), never raised by it."""
