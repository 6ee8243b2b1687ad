"""LeakDesk core: domain, store, SLA, leakage, demo data and command line.

Nothing in this package imports Qt, pyqtgraph, plyer or the ``ui`` package
(an import-linter contract in pyproject.toml enforces it).
"""

__version__ = "0.1.0"
