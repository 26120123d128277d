"""Collect and import replies, find the gadgets readers name, export and chart them."""

from tipqueue.replies.native import install as _install_native

_install_native()
