"""Errors that stop a run with exit code 2, each a single line naming its source."""

from __future__ import annotations

# An unexpected exception is a bug in factcheck, not a problem with the input:
# it gets an exit code of its own so that CI logs tell the two apart.
INTERNAL_ERROR = 3


class FactcheckError(Exception):
    """A usage, configuration or rule-file problem: printed as one line, exit 2."""

    exit_code = 2


class SourceError(FactcheckError):
    """A problem at a place in a file: ``path:line:column: message``."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str, int | None, int | None]]:
        # Errors cross process boundaries when documents are linted in parallel.
        return (type(self), (self.path, self.message, self.line, self.column))


class SourceErrors(FactcheckError):
    """Several located problems found in one pass, reported together."""

    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))

    def __reduce__(self) -> tuple[type[SourceErrors], tuple[list[SourceError]]]:
        return (type(self), (self.errors,))


def clause(message: str) -> str:
    """A library's sentence ("Input should be ...") as a clause after our prefix."""
    return message[:1].lower() + message[1:]
