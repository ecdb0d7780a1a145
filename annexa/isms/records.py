"""The ISMS record types, validated: what the CLI, the importers and the stores accept.

Pure: pydantic models without I/O. A CSV or XLSX cell arrives as text, so lists also accept
``a; b`` or ``a, b`` and booleans ``yes``/``no``; a validation error names the field.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from annexa.isms import scoring
from annexa.isms.catalogue import control_ids, normalize_id

__all__ = [
    "APPROVALS",
    "STATUSES",
    "TREATMENTS",
    "Risk",
    "SoaEntry",
    "Supplier",
    "System",
]

Status = Literal["not started", "planned", "partial", "implemented"]
STATUSES: tuple[Status, ...] = ("not started", "planned", "partial", "implemented")
Approval = Literal["approved", "pending", "rejected", "suspended"]
APPROVALS: tuple[Approval, ...] = ("approved", "pending", "rejected", "suspended")
Treatment = Literal["mitigate", "accept", "transfer", "avoid"]
TREATMENTS: tuple[Treatment, ...] = ("mitigate", "accept", "transfer", "avoid")
NAME = r"^[a-z0-9][a-z0-9_.-]*$"


def _split(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        sep = ";" if ";" in value else ","
        return [part.strip() for part in value.split(sep) if part.strip()]
    return value


def _blank_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _yes_no(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in {"yes", "y", "true", "1"}:
            return True
        if text in {"no", "n", "false", "0"}:
            return False
        if not text:
            return None
    return value


TextList = Annotated[list[str], BeforeValidator(_split)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
OptDate = Annotated[date | None, BeforeValidator(_blank_none)]
OptText = Annotated[str | None, BeforeValidator(_blank_none)]
Rating = Annotated[int, Field(ge=1, le=5)]


def _controls(values: list[str]) -> list[str]:
    known = control_ids()
    out = [normalize_id(v) for v in values]
    unknown = [v for v in out if v not in known]
    if unknown:
        raise ValueError(f"unknown Annex A controls: {', '.join(unknown)}")
    return out


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class SoaEntry(_Record):
    """One control's line in the Statement of Applicability."""

    control_id: str = Field(description="Annex A identifier, A.5.1 ... A.8.34.")
    applicable: Annotated[bool | None, BeforeValidator(_yes_no)] = Field(
        default=None, description="Whether the control applies; None: not decided yet."
    )
    justification: str = Field(default="", description="Why it applies or not.")
    status: Status = Field(default="not started", description="Implementation status.")
    owner: str = Field(default="", description="Who is accountable.")
    how: str = Field(default="", description="How the control is implemented.")
    risks: TextList = Field(default_factory=list, description="Linked risk ids.")
    last_reviewed: OptDate = Field(default=None, description="Date of the last review.")

    @field_validator("control_id")
    @classmethod
    def _known(cls, value: str) -> str:
        return _controls([value])[0]

    def require_decision(self) -> SoaEntry:
        """This entry, if a person may save it: applicability decided and justified."""
        if self.applicable is None:
            raise ValueError(f"{self.control_id}: applicable must be yes or no")
        if not self.justification:
            raise ValueError(
                f"{self.control_id}: a justification is required whether the control applies or not"
            )
        return self


class Supplier(_Record):
    """One AI supplier in the register (A.5.19–A.5.23)."""

    name: str = Field(pattern=NAME, description="The supplier id providers.yaml refers to.")
    services: TextList = Field(default_factory=list, description="Services and models used.")
    data_retention: str = Field(default="", description="How long the supplier keeps prompts.")
    trains_on_customer_data: YesNo = Field(default=False, description="Trains on our data.")
    regions: TextList = Field(default_factory=list, description="Where data is processed.")
    certifications: TextList = Field(default_factory=list, description="ISO 27001, SOC 2...")
    dpa_signed: YesNo = Field(default=False, description="Data processing agreement signed.")
    last_review: OptDate = Field(default=None, description="Date of the last review.")
    next_review: OptDate = Field(default=None, description="Date the next review is due.")
    approval: Approval = Field(default="pending", description="Only approved suppliers are used.")
    max_level: OptText = Field(default=None, description="Highest data class it may receive.")
    notes: str = Field(default="", description="Free text.")


class System(_Record):
    """One AI system or tool in the inventory (A.5.9)."""

    name: str = Field(pattern=NAME, description="Unique id.")
    owner: str = Field(default="", description="Accountable owner.")
    purpose: str = Field(default="", description="What it is used for.")
    users: TextList = Field(default_factory=list, description="Users or groups allowed.")
    max_level: OptText = Field(default=None, description="Highest data class allowed.")
    suppliers: TextList = Field(default_factory=list, description="Suppliers from the register.")
    status: Literal["planned", "active", "retired"] = Field(default="active", description="State.")


class Risk(_Record):
    """One AI risk, scored on the 5×5 matrix before and after treatment."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Risk id (AI-01).")
    title: str = Field(min_length=1, description="The risk in one line.")
    threat: str = Field(default="", description="What could happen.")
    vulnerability: str = Field(default="", description="The weakness it exploits.")
    likelihood: Rating = Field(description="1 (rare) to 5 (almost certain).")
    impact: Rating = Field(description="1 (negligible) to 5 (severe).")
    treatment: Treatment = Field(default="mitigate", description="How the risk is treated.")
    controls: TextList = Field(default_factory=list, description="Linked Annex A controls.")
    owner: str = Field(default="", description="Risk owner.")
    residual_likelihood: Rating | None = Field(default=None, description="After treatment.")
    residual_impact: Rating | None = Field(default=None, description="After treatment.")
    review_date: OptDate = Field(default=None, description="Next review.")
    accepted_by: OptText = Field(default=None, description="Who accepted the residual risk.")
    acceptance_expires: OptDate = Field(default=None, description="When the acceptance lapses.")

    @field_validator("controls")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        return _controls(value)

    @property
    def score(self) -> int:
        """Inherent score, likelihood × impact."""
        return scoring.score(self.likelihood, self.impact)

    @property
    def level(self) -> scoring.Level:
        """Inherent level band."""
        return scoring.level(self.score)

    @property
    def residual_score(self) -> int | None:
        """Residual score, when both residual ratings are given."""
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return scoring.score(self.residual_likelihood, self.residual_impact)

    @property
    def residual_level(self) -> scoring.Level | None:
        """Residual level band, when rated."""
        value = self.residual_score
        return None if value is None else scoring.level(value)

    def acceptance_state(self, today: date) -> Literal["none", "valid", "expired"]:
        """Whether an acceptance is recorded and still in force on ``today``."""
        if not self.accepted_by:
            return "none"
        if self.acceptance_expires is not None and self.acceptance_expires < today:
            return "expired"
        return "valid"
