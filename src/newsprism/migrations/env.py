"""Alembic environment: migrations run on the connection the store hands over (never from a
config file's URL), so the store's engine and its SQLite settings are the ones used."""

from __future__ import annotations

from alembic import context

from newsprism.store import METADATA

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the store always passes its connection
    raise RuntimeError("run newsprism's migrations through newsprism.store.Store.open")
context.configure(connection=connection, target_metadata=METADATA, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
