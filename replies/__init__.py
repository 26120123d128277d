"""Collect and import replies, find the gadgets readers name, export and chart them."""

from tipqueue.config.native import FINDER as _compiled
from tipqueue.config.native import install as _install

_install(_compiled)  # the compiled modules, where built for this code (tipqueue.config.native)
