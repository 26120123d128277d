"""Collect and import replies, find the gadgets readers name, export and chart them."""

from tipqueue.native import FINDER as _compiled
from tipqueue.native import install as _install

_install(_compiled)  # the compiled modules, where built for this code (tipqueue.native)
