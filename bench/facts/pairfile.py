"""The labelled pair files of `bench/facts` (`<story>.pairs.jsonl`): one pair a line,
``{"a": {"article", "sentence", "text"}, "b": {...}, "label"}``, read and written in one place."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

Key = frozenset[tuple[str, str]]  # two (article, sentence text): robust to re-cleaning


def path(story: str) -> Path:
    return HERE / f"{story}.pairs.jsonl"


def read(story: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path(story).read_text(encoding="utf-8").splitlines()]


def write(story: str, rows: list[dict]) -> None:  # type: ignore[type-arg]
    path(story).write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )


def key(row: dict) -> Key:  # type: ignore[type-arg]
    return frozenset(
        ((row["a"]["article"], row["a"]["text"]), (row["b"]["article"], row["b"]["text"]))
    )
