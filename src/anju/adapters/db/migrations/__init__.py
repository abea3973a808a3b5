"""Alembic environment shipped inside the package; see :mod:`anju.adapters.db.migrate`."""
