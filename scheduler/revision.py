"""The newest migration, in a module of its own so that code which must start fast (the cron
tick's quick check) can read it without importing the store (and SQLAlchemy).

A test checks it against Alembic's scripts; ``Store.open`` uses it to skip importing Alembic
(about 100 ms) when the database is already up to date.
"""

HEAD_REVISION = "0008"
