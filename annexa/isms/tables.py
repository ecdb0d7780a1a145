"""The ISMS tables (migrations: the ``isms`` Alembic branch).

Each register keeps its key (and the columns the gateway or a report filters on) as columns, and
the whole validated record as canonical JSON in ``data`` (see :mod:`annexa.isms.records`), so a
field added to a record needs no migration. Times are ISO 8601 UTC strings, as elsewhere.
``isms_evidence`` rows are immutable: an item is dated, SHA-256-hashed and expires.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Integer, LargeBinary, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column

from annexa.db import Base


class SoaRow(Base):
    """The current SoA line of one control (absent: not touched yet)."""

    __tablename__ = "isms_soa"

    control_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class SoaVersionRow(Base):
    """An approved SoA version: the whole SoA as JSON, who approved it and when."""

    __tablename__ = "isms_soa_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    approved_by: Mapped[str] = mapped_column(String(200))
    approved_at: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    snapshot: Mapped[str] = mapped_column(Text)


class SupplierRow(Base):
    """One AI supplier; ``approval`` and ``max_level`` are what the gateway reads."""

    __tablename__ = "isms_suppliers"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    approval: Mapped[str] = mapped_column(String(16))
    max_level: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class SupplierReviewRow(Base):
    """One review of a supplier (evidence for A.5.22)."""

    __tablename__ = "isms_supplier_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    supplier: Mapped[str] = mapped_column(String(100), index=True)
    reviewed_at: Mapped[str] = mapped_column(String(32))
    reviewer: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text)


class SystemRow(Base):
    """One AI system in the inventory."""

    __tablename__ = "isms_systems"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class RiskRow(Base):
    """One AI risk."""

    __tablename__ = "isms_risks"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


class EvidenceRow(Base):
    """One evidence item on one control: dated, hashed, expiring."""

    __tablename__ = "isms_evidence"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    control_id: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    collected_at: Mapped[str] = mapped_column(String(32), index=True)
    expires_at: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    filename: Mapped[str | None] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)


SOA = cast(Table, SoaRow.__table__)
SOA_VERSIONS = cast(Table, SoaVersionRow.__table__)
SUPPLIERS = cast(Table, SupplierRow.__table__)
SUPPLIER_REVIEWS = cast(Table, SupplierReviewRow.__table__)
SYSTEMS = cast(Table, SystemRow.__table__)
RISKS = cast(Table, RiskRow.__table__)
EVIDENCE = cast(Table, EvidenceRow.__table__)
