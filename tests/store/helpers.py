"""Small reviews, a stand-in trial linker and a table dump for the store tests."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

REVIEW_A = (
    "Outcomes of a trial in relapsed ALL\n"
    "\n"
    "In the RIALTO trial (n = 110), the 2-year OS rate was 71% [1].\n"
    "\n"
    "Table 1. Trials.\n"
    "\n"
    "Trial\tNo. of patients\tEfficacy\n"
    "RIALTO\t110\tCR rate: 67%\n"
    "\n"
    "References\n"
    "\n"
    "1. Locatelli F, et al. Blinatumomab in relapsed ALL. N Engl J Med. 2021;325:1-10.\n"
)
REVIEW_B = (
    "Blinatumomab for children with relapsed ALL\n"
    "\n"
    "In the RIALTO trial (n = 110), the 2-year OS rate was 75% [1].\n"
    "\n"
    "References\n"
    "\n"
    "1. Locatelli F, et al. Blinatumomab in relapsed ALL. N Engl J Med. 2021;325:1-10.\n"
)
TABLES = ("runs", "documents", "document_references", "trials", "trial_aliases", "outcomes")


@dataclass(frozen=True)
class FakeLinks:
    keys: pd.Series[Any]
    trials: pd.DataFrame


def fake_linker(outcomes: pd.DataFrame, references: pd.DataFrame) -> FakeLinks:
    """One trial per trial name, ignoring case, keyed ``trial-<name>``: enough to see the
    store relink."""
    keys = ("trial-" + outcomes["trial"].str.lower()).astype(object)
    keys = keys.where(outcomes["trial"].notna(), None)
    named = outcomes.assign(trial_key=keys).dropna(subset=["trial_key"])
    trials = pd.DataFrame(
        [
            {
                "trial_key": key,
                "label": str(group["trial"].iloc[0]),
                "aliases": json.dumps(sorted(set(group["trial"]))),
                "documents": group["doc_id"].nunique(),
            }
            for key, group in named.groupby("trial_key", sort=True)
        ],
        columns=["trial_key", "label", "aliases", "documents"],
    )
    return FakeLinks(keys=keys, trials=trials)


def write_reviews(folder: Path) -> Path:
    """``a.txt`` and ``b.txt`` (REVIEW_A, REVIEW_B) in ``folder``: one trial, two reviews."""
    write(folder, "a.txt", REVIEW_A)
    write(folder, "b.txt", REVIEW_B)
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    with closing(sqlite3.connect(db)) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in TABLES
        }
