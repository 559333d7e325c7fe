"""The archive: sources, records and statements in a relational database.

This is the only package that knows SQL. `models` defines the tables (Django ORM and its
migrations); `store` writes an ingest in one transaction; `queries` reads what the CLI shows.
"""
