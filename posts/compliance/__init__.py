"""The compliance checks a clinic's posts go through before anyone sees them go out.

- :mod:`.rules`: claims rules as data (``templates/compliance/<set>.toml``), checked on every
  text of a post; each flag names its rule, the words matched, the reason and its source.
- :mod:`.guard`: patient identifiers in anything we send (captions, first comments, replies).
- :mod:`.signoff`: what a reviewer's approval covers and whether it still applies.

These are aids for the clinic's own reviewer, not legal advice: see docs/compliance.md.
"""

from __future__ import annotations

from tipqueue.posts.compliance.guard import GuardProblem, check_outgoing, guard_post
from tipqueue.posts.compliance.rules import (
    Rule,
    RuleSet,
    blocking,
    check_post,
    check_text,
    load_rules,
    needing_review,
)
from tipqueue.posts.compliance.signoff import content_hash, signoff_problem

__all__ = [
    "GuardProblem",
    "Rule",
    "RuleSet",
    "blocking",
    "check_outgoing",
    "check_post",
    "check_text",
    "content_hash",
    "guard_post",
    "load_rules",
    "needing_review",
    "signoff_problem",
]
