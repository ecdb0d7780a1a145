"""The Annexa error tree.

Every error Annexa raises on purpose derives from :class:`AnnexaError`, which carries an HTTP
status for the web edge and a ``diagnostics()`` text that tells the operator what to do next::

    AnnexaError                      500
    ├── ConfigError                  500  settings, policy or rule files that do not validate
    ├── InputError                   400  a request or file Annexa cannot parse
    │   └── PayloadTooLarge          413
    └── ScanError                    500  a detector failed; the caller must fail closed
"""

from __future__ import annotations


class AnnexaError(Exception):
    """Base of every deliberate Annexa error."""

    status_code = 500
    hint = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def diagnostics(self) -> str:
        """The message plus what the operator should do about it."""
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class ConfigError(AnnexaError):
    """A configuration, policy or rule file does not validate."""

    hint = "Fix the file named above; the previous working configuration stays in force."


class InputError(AnnexaError):
    """Input Annexa cannot parse."""

    status_code = 400


class PayloadTooLarge(InputError):
    """Input larger than the configured limit."""

    status_code = 413


class ScanError(AnnexaError):
    """A detector failed or timed out: the text counts as unscanned and must not leave."""

    hint = "The request was refused (fail closed). Check the detector named above."
