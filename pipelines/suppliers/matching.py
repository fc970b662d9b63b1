"""Conservative fuzzy matching of ledger supplier names to known supplier names.

A ledger name that no number and no exact normalised name resolves is compared with every
known name that shares a block with it. Two blockings, and the best of both is taken: the first
three characters of the name, and the first three characters of its second word. So a typo is
caught unless it hits the start of both the first and the second word (or the start of a
one-word name); that is the price of matching 100k names in seconds. The score is
rapidfuzz's token_sort_ratio on normalised names (word order ignored, no partial matching:
'acme' must not take 'acme holdings group').

A candidate is taken only when
- its score is at least FUZZY_THRESHOLD (92: about one wrong character in a 25-character name), and
- it beats the best candidate for a *different* supplier by at least FUZZY_MARGIN points
  (an ambiguous match is never taken).
Anything else stays unmatched, and the best candidate is kept for the analyst's worklist.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

FUZZY_THRESHOLD = 92.0
FUZZY_MARGIN = 5.0
# Below this a candidate is not even worth showing an analyst.
CANDIDATE_FLOOR = 70.0
BLOCK_CHARS = 3


BLOCKINGS: dict[str, pl.Expr] = {
    "first_word": pl.col("name_normalised").str.slice(0, BLOCK_CHARS),
    "second_word": pl.col("name_normalised").str.split(" ").list.get(1, null_on_oob=True).str.slice(0, BLOCK_CHARS),
}


def fuzzy_match(queries: pl.Series, choices: pl.DataFrame) -> pl.DataFrame:
    """queries: distinct normalised ledger names. choices: name_normalised, supplier_key
    (one row per distinct name and key). Returns, per query: name_normalised,
    best_key, best_name, best_score, second_score (best score of another key), accepted."""
    passes = [_blocked(queries, choices, expr) for expr in BLOCKINGS.values()]
    both = pl.concat(passes)
    # Across the passes: the best candidate overall; its rival is the best score for any other
    # key, whether a pass's runner-up or another pass's winner.
    best = both.sort(["best_score", "best_key"], descending=[True, False]).unique("name_normalised", keep="first", maintain_order=True)
    rivals = (
        both.join(best.select("name_normalised", pl.col("best_key").alias("overall_key")), on="name_normalised")
        .with_columns(
            pl.max_horizontal(
                "second_score",
                pl.when(pl.col("best_key") != pl.col("overall_key")).then(pl.col("best_score")).otherwise(0.0),
            ).alias("rival")
        )
        .group_by("name_normalised")
        .agg(pl.col("rival").max())
    )
    res = best.drop("second_score").join(rivals, on="name_normalised").rename({"rival": "second_score"})
    return res.with_columns(
        ((pl.col("best_score") >= FUZZY_THRESHOLD) & (pl.col("best_score") - pl.col("second_score") >= FUZZY_MARGIN)).alias("accepted")
    )


def _blocked(queries: pl.Series, choices: pl.DataFrame, block: pl.Expr) -> pl.DataFrame:
    """One blocking pass: name_normalised, best_key, best_name, best_score, second_score."""
    q = pl.DataFrame({"name_normalised": queries}).drop_nulls().unique()
    q = q.with_columns(block.alias("block")).drop_nulls("block").sort("block", "name_normalised")
    # Sorted in full, not by block alone: among candidates with the same score, argmax takes the
    # first, so the candidate shown for an ambiguous name is the same on every run.
    c = choices.drop_nulls().unique().with_columns(block.alias("block")).drop_nulls("block").sort("block", "name_normalised", "supplier_key")
    # Block boundaries from the sorted frames: slicing numpy arrays costs nothing per block.
    qb = q.group_by("block", maintain_order=True).agg(pl.len().alias("n")).with_columns((pl.col("n").cum_sum() - pl.col("n")).alias("start"))
    cb = c.group_by("block", maintain_order=True).agg(pl.len().alias("n")).with_columns((pl.col("n").cum_sum() - pl.col("n")).alias("start"))
    pairs = qb.join(cb, on="block", how="inner", suffix="_c")
    q_names = q["name_normalised"].to_numpy()
    c_names = c["name_normalised"].to_numpy()
    c_keys = c["supplier_key"].to_numpy()
    out_names: list[np.ndarray] = []
    out_score: list[np.ndarray] = []
    out_second: list[np.ndarray] = []
    out_keys: list[np.ndarray] = []
    out_cnames: list[np.ndarray] = []
    # One cdist per block (a loop over blocks, not rows); rapidfuzz does the pairwise work in C++.
    for qs, qn, cs, cn in pairs.select("start", "n", "start_c", "n_c").iter_rows():
        qnames = q_names[qs : qs + qn]
        cnames = c_names[cs : cs + cn]
        ck = c_keys[cs : cs + cn]
        # Threads pay off only on big blocks; most blocks are a handful of names.
        workers = -1 if qn * cn >= 50_000 else 1
        scores = process.cdist(qnames, cnames, scorer=fuzz.token_sort_ratio, score_cutoff=CANDIDATE_FLOOR, dtype=np.float32, workers=workers)
        best = scores.argmax(axis=1)
        best_score = scores[np.arange(qn), best]
        # Runner-up among candidates for a different supplier key.
        other = np.where(ck[None, :] == ck[best][:, None], 0.0, scores)
        out_names.append(qnames)
        out_score.append(best_score)
        out_second.append(other.max(axis=1))
        out_keys.append(ck[best])
        out_cnames.append(cnames[best])
    if not out_names:
        return pl.DataFrame(
            schema={
                "name_normalised": pl.String,
                "best_key": pl.String,
                "best_name": pl.String,
                "best_score": pl.Float64,
                "second_score": pl.Float64,
            }
        )
    res = pl.DataFrame(
        {
            "name_normalised": np.concatenate(out_names).astype(str),
            "best_key": np.concatenate(out_keys).astype(str),
            "best_name": np.concatenate(out_cnames).astype(str),
            "best_score": np.concatenate(out_score).astype(np.float64),
            "second_score": np.concatenate(out_second).astype(np.float64),
        }
    )
    return res.filter(pl.col("best_score") >= CANDIDATE_FLOOR)


def name_similarity(a: pl.Series, b: pl.Series) -> np.ndarray:
    """Element-wise token_set_ratio of two aligned name columns (NULL -> 0)."""
    return process.cpdist(
        a.fill_null("").to_list(), b.fill_null("").to_list(), scorer=fuzz.token_set_ratio, dtype=np.float64, workers=-1
    )
