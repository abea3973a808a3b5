"""Database adapter: tables, engine, unit of work, repositories, migrations, bulk loading."""
