"""Database adapter: tables, engine, unit of work, repositories, migrations, bulk loading."""

from anju.adapters.db import web_tables as web_tables  # the web tier's tables join the one metadata
