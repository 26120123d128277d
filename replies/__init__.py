"""Collect and import replies, find the gadgets readers name, export and chart them."""
