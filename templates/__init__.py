"""Data only: caption templates, card layouts, fonts with their licences, example articles."""
