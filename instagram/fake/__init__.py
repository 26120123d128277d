"""A loopback fake Instagram for tests and the sandbox; never used against a real account."""

from tipqueue.instagram.fake.server import FAULTS, FakeInstagram, Recorded

__all__ = ["FAULTS", "FakeInstagram", "Recorded"]
