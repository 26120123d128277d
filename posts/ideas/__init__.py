"""From an article's structure to the ideas of its series.

* :mod:`.units` — the self-contained ideas: paragraphs, a heading with its paragraphs, a list
  with its lead-in, a title with its body, a question with its answer, a quote;
* :mod:`.references` — what a piece of text points back at (per-language word lists in
  :mod:`.lexicon`);
* :mod:`.selection` — each idea's score and reasons, the best N;
* :mod:`.cta` — the call to action: the article's request to readers, or a default on its topic;
* :mod:`.plan` — all of it together: :func:`.plan.plan_series`.
"""

from tipqueue.config.native import IDEAS as _compiled
from tipqueue.config.native import install as _install

_install(_compiled)  # the compiled modules, where built for this code (tipqueue.config.native)
