"""Unknown names readers used, surfaced for staff and added to the workspace's lexicon."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tipqueue.config.errors import InputError, SettingsError
from tipqueue.posts.ideas import brands_build
from tipqueue.posts.models import Reply
from tipqueue.replies.discovery import add_to_lexicon, unknown_names
from tipqueue.replies.gadgets import GadgetMatcher, default_matcher
from tipqueue.replies.lexicon import GENERATED_FILE, bundled_lexicon_path, load_lexicon
from tipqueue.replies.lexicon_build import build, compounds, inflections, with_preposition
from typer.testing import CliRunner

from tipqueue.cli import app

REPLIES = [
    ("amy", "I love my QykSonic Zoe brush, so gentle"),
    ("bob", "QykSonic Zoe brush here too, every night"),
    ("cat", "the pore vacuum by Blipsy gave me a hickey"),
    ("dan", "Loved the brush. My NuFace mini is better"),
    ("eve", "Remington Reveal FC1000 was fine"),
]


def _replies() -> list[Reply]:
    return [Reply(platform_id=f"r{n}", text=t, username=u) for n, (u, t) in enumerate(REPLIES)]


def test_names_next_to_device_words_are_surfaced_with_counts_and_samples() -> None:
    found = {n.name: n for n in unknown_names(_replies(), default_matcher())}
    zoe = found["QykSonic Zoe"]
    assert (zoe.count, zoe.readers, zoe.category) == (2, 2, "cleansing brush")
    assert zoe.samples[0].startswith("I love my QykSonic")
    assert found["Blipsy"].category == "pore vacuum"
    assert "Remington Reveal FC1000" in found  # maker + model number
    assert "Loved" not in found and "NuFace" not in found  # a sentence's first word; a known name


def test_learn_adds_a_name_the_matcher_then_finds(workspace: Path) -> None:
    path = add_to_lexicon(workspace, "QykSonic Zoe", category="cleansing-brush", brand="QykSonic")
    assert "QykSonic Zoe" in path.read_text(encoding="utf-8")
    matcher = GadgetMatcher(load_lexicon(workspace))
    assert [m.gadget for m in matcher.find("my qyksonic zoe is great")] == ["QykSonic Zoe"]
    assert "QykSonic Zoe" not in {n.name for n in unknown_names(_replies(), matcher)}


def test_learn_refuses_bad_input_and_leaves_the_file_alone(workspace: Path) -> None:
    add_to_lexicon(workspace, "Blipsy", category="pore-vacuum")
    before = (workspace / "gadgets.toml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="unknown category 'vacuums'"):
        add_to_lexicon(workspace, "Zappo", category="vacuums")
    with pytest.raises(InputError, match="already known"):
        add_to_lexicon(workspace, "NuFace", category="microcurrent")
    assert (workspace / "gadgets.toml").read_text(encoding="utf-8") == before
    assert not list(workspace.glob("*.tmp"))


def test_unknown_and_learn_commands(workspace: Path) -> None:
    source = workspace / "r.jsonl"
    source.write_text("\n".join(json.dumps({"text": t, "username": u}) for u, t in REPLIES), encoding="utf-8")
    runner = CliRunner()
    base = ["--workspace", str(workspace), "replies"]
    assert runner.invoke(app, [*base, "import", str(source)]).exit_code == 0
    listed = runner.invoke(app, [*base, "unknown"])
    assert listed.exit_code == 0 and "QykSonic Zoe (cleansing brush): 2 replies, 2 reader(s)" in listed.output
    learned = runner.invoke(
        app, [*base, "learn", "QykSonic Zoe", "--category", "cleansing-brush", "--brand", "QykSonic"]
    )
    assert learned.exit_code == 0, learned.output
    assert runner.invoke(app, [*base, "gadgets", "--reextract"]).exit_code == 0
    board = json.loads(runner.invoke(app, [*base, "gadgets", "--json"]).output)
    assert {"gadget": "QykSonic Zoe", "people": 2}.items() <= next(
        r for r in board if r["gadget"] == "QykSonic Zoe"
    ).items()
    bad = runner.invoke(app, [*base, "learn", "Zappo", "--category", "vacuums"])
    assert bad.exit_code == 2 and "unknown category" in bad.output


def test_the_generated_lexicon_is_up_to_date_and_inflects_per_language() -> None:
    check = subprocess.run(
        [sys.executable, "-m", "tipqueue.replies.lexicon_build", "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert inflections("Gesichtsbürste", "de") == ["Gesichtsbürste", "Gesichtsbürsten"]
    assert inflections("mascarilla facial LED", "es") == ["mascarilla facial LED", "mascarillas faciales LED"]
    assert inflections("spazzola sonica", "it") == ["spazzola sonica", "spazzole soniche"]
    assert inflections("spazzola per il viso", "it") == ["spazzola per il viso", "spazzole per il viso"]


def test_the_build_joins_german_compounds_and_romance_prepositions_and_the_matcher_finds_them() -> None:
    assert compounds(["LED", "Licht"], ["Maske"]) == ["LED-Maske", "Lichtmaske"]
    assert with_preposition("masque LED", "fr") == ["masque LED", "masque à LED"]
    assert with_preposition("máscara LED", "es") == ["máscara LED", "máscara de LED"]
    assert with_preposition("masque visage", "fr") == ["masque visage"]
    matcher = default_matcher()
    found = {
        text: [m.category for m in matcher.find(text)]
        for text in (
            "Meine neue Ultraschall-Gesichtsbürste",
            "Das Mikrostromgerät liegt nur noch rum",
            "Lichttherapiegeräte sind teuer",
            "J'utilise mon masque à LED le soir",
            "Meine Zahnreinigungsbürste",  # a toothbrush, whatever it ends with
        )
    }
    assert found == {
        "Meine neue Ultraschall-Gesichtsbürste": ["cleansing brush"],
        "Das Mikrostromgerät liegt nur noch rum": ["microcurrent device"],
        "Lichttherapiegeräte sind teuer": ["LED mask"],
        "J'utilise mon masque à LED le soir": ["LED mask"],
        "Meine Zahnreinigungsbürste": [],
    }


def test_compounds_must_cite_their_sources() -> None:
    hand = {"categories": {"led-mask": {"label": "LED mask", "aliases": []}}}
    sources = {"compounds": {"led-mask": {"modifiers": ["Licht"], "heads": ["Maske"]}}}
    with pytest.raises(SettingsError, match=r"\[compounds.led-mask\] cites no known \[\[source\]\]"):
        build(sources, hand)


@pytest.mark.parametrize("module", ["tipqueue.replies.lexicon_build", "tipqueue.posts.ideas.brands_build"])
def test_build_help_prints_usage_and_writes_nothing(module: str) -> None:
    """Asking a build script for --help must not rewrite the generated file it maintains."""
    before = {p: p.stat().st_mtime_ns for p in _generated_files()}
    done = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "--check" in done.stdout
    assert {p: p.stat().st_mtime_ns for p in _generated_files()} == before


def _generated_files() -> list[Path]:
    return [bundled_lexicon_path().parent / GENERATED_FILE, brands_build.OUTPUT]
