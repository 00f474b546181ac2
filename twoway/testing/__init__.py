"""What the tests of every app share.

- ``cast``: the people every test can name (the table is there), and the pilot.
- ``factories``: factory_boy factories and the builders that make several rows at once.
- ``fixtures``: the shared pytest fixtures, registered by the root ``conftest.py``.
- ``queries``: counting a page's or a read's queries, for a little data and for more.
"""
