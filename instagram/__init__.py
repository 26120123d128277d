"""The only code that talks to Instagram: protocols, the instagrapi adapter, the fake."""
