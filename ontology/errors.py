"""Domain exceptions shared by every package; ``api`` maps them to CLI and HTTP output in one place."""

from __future__ import annotations


class CchcError(Exception):
    """Base class of every error the project raises on purpose (a user mistake or bad input).

    ``source`` names the file, query or endpoint involved; ``line`` is 1-based when known; ``expected``
    says what would have been right.
    """

    status = 400  # HTTP status the API maps this error to

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        expected: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.expected = expected
        super().__init__(self.render())

    def render(self) -> str:
        """One readable line: ``file:line: message (expected ...)``."""
        where = ""
        if self.source:
            where = self.source + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        tail = f" (expected {self.expected})" if self.expected else ""
        return f"{where}{self.message}{tail}"

    def to_dict(self) -> dict[str, object]:
        """The error as JSON-ready data (the API's one error shape uses it)."""
        return {
            "error": type(self).__name__,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "expected": self.expected,
        }


class OntologyError(CchcError):
    """The ontology files are missing or malformed."""

    status = 500


class NotFound(CchcError):
    """No plan, agency or document in the store has this identifier; ``suggestions`` are the closest
    identifiers the store does hold ("did you mean"), best first. Without ``expected``, the JSON error's
    ``expected`` is "did you mean: ..."."""

    status = 404

    def __init__(
        self,
        message: str,
        *,
        suggestions: tuple[str, ...] | list[str] = (),
        source: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.suggestions = tuple(suggestions)
        if self.suggestions and not expected:
            expected = "did you mean: " + ", ".join(self.suggestions)
        super().__init__(message, source=source, expected=expected)

    def render(self) -> str:
        """``no plan '999/KH-UBND' in the store; did you mean: 285/KH-UBND, 272/KH-UBND?``"""
        if not self.suggestions:
            return super().render()
        where = self.source + ": " if self.source else ""
        return f"{where}{self.message}; did you mean: {', '.join(self.suggestions)}?"
