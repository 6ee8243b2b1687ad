"""The store: one SQLite file through sqlite-utils. All SQL lives here.

``Store.open(path)`` gives one connection (use one per thread) with its
repositories; they take and return domain objects.
"""

from leakdesk.store.store import Store

__all__ = ["Store"]
