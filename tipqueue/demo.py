"""`tipqueue demo`: the whole pipeline on the bundled article, in a fresh SQLite workspace.

Each stage adds itself here as it lands; the summary says where every output lies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from config.workspace import init_workspace


@dataclass
class DemoSummary:
    workspace: Path
    lines: list[str] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)

    def render(self) -> str:
        out = [f"tipqueue demo: workspace {self.workspace}", *self.lines]
        if self.outputs:
            out.append("Outputs:")
            width = max(len(k) for k in self.outputs)
            out += [f"  {name.ljust(width)}  {path}" for name, path in self.outputs.items()]
        return "\n".join(out)


def _fresh_folder(base: Path) -> Path:
    n = 1
    while (base / f"tipqueue-demo-{n}").exists():
        n += 1
    return base / f"tipqueue-demo-{n}"


def run_demo(out: Path | None = None) -> DemoSummary:
    workspace = (out or _fresh_folder(Path.cwd())).expanduser().resolve()
    init_workspace(workspace)
    summary = DemoSummary(workspace)
    summary.lines.append("1. workspace created with the example article")
    summary.outputs["article"] = workspace / "articles" / "facial-muscles-and-gadgets.txt"
    summary.outputs["settings"] = workspace / "tipqueue.toml"
    return summary
