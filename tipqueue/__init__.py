"""Front doors: the command line (tipqueue.cli) and the local dashboard (tipqueue.web)."""

__version__ = "0.1.0"
