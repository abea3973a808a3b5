"""Database adapter: tables, engine, unit of work, repositories, migrations, bulk loading."""

from anju.adapters.db import case_tables as case_tables  # the case tables (issue 6) join the one metadata
from anju.adapters.db import screening_tables as screening_tables  # notifications (issue 7) join the one metadata
from anju.adapters.db import web_tables as web_tables  # the web tier's tables join the one metadata
