"""Storage: one SQLAlchemy metadata, an engine factory, Alembic migrations.

Each area of Annexa (audit, keys, identity, gateway, isms) declares its tables in its own
``tables.py`` on :class:`Base` and its migrations as its own Alembic *branch* in
``annexa/db/migrations/versions/`` (``branch_labels=("audit",)``, file names prefixed with the
area), so areas evolve independently and ``upgrade heads`` brings all of them up to date.
"""

from annexa.db.engine import Base, database_url, make_engine
from annexa.db.migrate import upgrade

__all__ = ["Base", "database_url", "make_engine", "upgrade"]
