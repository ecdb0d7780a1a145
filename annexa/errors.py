"""The Annexa error tree.

Every error Annexa raises on purpose derives from :class:`AnnexaError`, which carries an HTTP
status for the web edge and a ``diagnostics()`` text that tells the operator what to do next::

    AnnexaError                      500
    ├── ConfigError                  500  settings, policy or rule files that do not validate
    ├── InputError                   400  a request or file Annexa cannot parse
    │   └── PayloadTooLarge          413
    ├── ScanError                    500  a detector failed; the caller must fail closed
    ├── AuthError                    401  no valid API key (gateway)
    ├── AccessDenied                 403  the caller may not use this provider or model
    │   └── RequestBlocked           403  the policy blocked the request's content
    ├── UnknownModel                 404  no configured provider serves the model
    ├── Unavailable                  503  a store Annexa must write first (audit, vault) failed
    └── UpstreamError                502  the supplier failed, answered badly or reset
        └── UpstreamTimeout          504  the supplier did not answer in time
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


class BodyTimeout(InputError):
    """A request body that did not arrive in time (a stalled or deliberately slow upload).
    The answer closes the connection (RFC 9110: the server gave up waiting on it)."""

    status_code = 408
    headers = {"connection": "close"}  # noqa: RUF012 - read-only, as RequestBlocked's


class ScanError(AnnexaError):
    """A detector failed or timed out: the text counts as unscanned and must not leave."""

    hint = "The request was refused (fail closed). Check the detector named above."


class AuthError(AnnexaError):
    """The request carries no valid API key."""

    status_code = 401
    hint = "Send a virtual API key (annexa apikeys create) as Bearer token or x-api-key."


class AccessDenied(AnnexaError):
    """The caller's key or role does not allow this provider or model."""

    status_code = 403


class RequestBlocked(AccessDenied):
    """The policy blocked the request; the message names entity types and the rule, no value.

    ``headers`` go on the error response (the gateway sets ``x-annexa-decision``)."""

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.headers = dict(headers or {})


class UnknownModel(AnnexaError):
    """No configured provider serves the model asked for."""

    status_code = 404
    hint = "List the models you may use with GET /v1/models."


class Unavailable(AnnexaError):
    """A write Annexa must make before forwarding (audit, vault) failed: fail closed."""

    status_code = 503
    hint = "Nothing was forwarded. Check the database and the audit log, then retry."


class UpstreamError(AnnexaError):
    """The supplier failed: connection refused or reset, 5xx, or a malformed answer."""

    status_code = 502


class UpstreamTimeout(UpstreamError):
    """The supplier did not answer within the configured timeout."""

    status_code = 504
