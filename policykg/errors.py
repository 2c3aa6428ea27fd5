"""Domain errors. The CLI turns each into a one-line message and a non-zero exit."""

from __future__ import annotations


class PolicykgError(Exception):
    """Base of every error policykg reports to a user."""


class InputError(PolicykgError):
    """A file cannot be read as a document: missing, empty, binary, not UTF-8."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotADocumentError(InputError):
    """The text reads fine but is no Vietnamese official document."""
