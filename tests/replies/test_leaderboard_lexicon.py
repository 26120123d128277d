"""`tipqueue replies gadgets` after the workspace lexicon was edited: the stored gadgets are found
again with it (the fingerprint kept beside them no longer matches), and the board shows them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tipqueue.replies.lexicon import load_lexicon
from tipqueue.replies.refind import fingerprint
from tipqueue.scheduler import mentions
from tipqueue.scheduler.store import Store
from typer.testing import CliRunner

from tipqueue.cli import app


def _gadgets(workspace: Path) -> list[dict[str, Any]]:
    done = CliRunner().invoke(app, ["--workspace", str(workspace), "replies", "gadgets", "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)  # type: ignore[no-any-return]


def test_an_edited_lexicon_finds_the_stored_gadgets_again(workspace: Path) -> None:
    source = workspace / "replies.jsonl"
    lines = [
        {"text": "I love my NuFace mini!", "username": "amy"},
        {"text": "My glowmaster is on every night", "username": "bob"},
        {"text": "The glowmaster broke after a week", "username": "cat"},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    imported = CliRunner().invoke(app, ["--workspace", str(workspace), "replies", "import", str(source)])
    assert imported.exit_code == 0, imported.output
    assert [r["gadget"] for r in _gadgets(workspace)] == ["NuFace Mini"]
    (workspace / "gadgets.toml").write_text(
        '[[gadgets]]\nname = "Glowmaster 3000"\nbrand = "Glowco"\ncategory = "led-mask"\n'
        'aliases = ["glowmaster"]\n',
        encoding="utf-8",
    )
    rows = {r["gadget"]: r for r in _gadgets(workspace)}
    assert (rows["Glowmaster 3000"]["people"], rows["Glowmaster 3000"]["dislikes"]) == (2, 1)
    store = Store.open(f"sqlite:///{workspace / 'tipqueue.db'}")
    try:
        assert mentions.lexicon_of(store) == fingerprint(load_lexicon(workspace))
        assert any(r.mentions for r in store.list_replies() if "glowmaster" in r.text)  # stored too
    finally:
        store.close()
