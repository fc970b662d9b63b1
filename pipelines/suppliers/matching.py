"""Conservative fuzzy matching of ledger supplier names to known supplier names.

A ledger name that no number and no exact normalised name resolves is compared with every
known name that starts with the same three characters (blocking: a typo in the first three
characters is not caught; that is the price of matching 100k names in seconds). The score is
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


def fuzzy_match(queries: pl.Series, choices: pl.DataFrame) -> pl.DataFrame:
    """queries: distinct normalised ledger names. choices: name_normalised, supplier_key
    (one row per distinct name and key). Returns, per query: name_normalised,
    best_key, best_name, best_score, second_score (best score of another key), accepted."""
    q = pl.DataFrame({"name_normalised": queries}).drop_nulls().unique()
    q = q.with_columns(pl.col("name_normalised").str.slice(0, BLOCK_CHARS).alias("block"))
    c = choices.drop_nulls().unique().with_columns(pl.col("name_normalised").str.slice(0, BLOCK_CHARS).alias("block"))
    c_blocks = {k[0]: g for k, g in c.group_by("block")}
    out_names: list[str] = []
    out_best: list[int] = []
    out_score: list[float] = []
    out_second: list[float] = []
    out_keys: list[np.ndarray] = []
    out_cnames: list[np.ndarray] = []
    # One cdist per block (a loop over blocks, not rows); rapidfuzz does the pairwise work in C++.
    for (block,), qg in q.group_by("block"):
        cg = c_blocks.get(block)
        if cg is None:
            continue
        qn = qg["name_normalised"].to_list()
        cn = cg["name_normalised"].to_list()
        ck = cg["supplier_key"].to_numpy()
        scores = process.cdist(qn, cn, scorer=fuzz.token_sort_ratio, score_cutoff=CANDIDATE_FLOOR, dtype=np.float32, workers=-1)
        best = scores.argmax(axis=1)
        best_score = scores[np.arange(len(qn)), best]
        # Runner-up among candidates for a different supplier key.
        other = np.where(ck[None, :] == ck[best][:, None], 0.0, scores)
        second = other.max(axis=1) if other.shape[1] else np.zeros(len(qn))
        out_names.extend(qn)
        out_best.append(best)
        out_score.append(best_score)
        out_second.append(second)
        out_keys.append(ck[best])
        out_cnames.append(np.asarray(cn, dtype=object)[best])
    if not out_names:
        return pl.DataFrame(
            schema={
                "name_normalised": pl.String,
                "best_key": pl.String,
                "best_name": pl.String,
                "best_score": pl.Float64,
                "second_score": pl.Float64,
                "accepted": pl.Boolean,
            }
        )
    res = pl.DataFrame(
        {
            "name_normalised": out_names,
            "best_key": np.concatenate(out_keys).astype(str),
            "best_name": np.concatenate(out_cnames).astype(str),
            "best_score": np.concatenate(out_score).astype(np.float64),
            "second_score": np.concatenate(out_second).astype(np.float64),
        }
    )
    res = res.filter(pl.col("best_score") >= CANDIDATE_FLOOR)
    return res.with_columns(
        ((pl.col("best_score") >= FUZZY_THRESHOLD) & (pl.col("best_score") - pl.col("second_score") >= FUZZY_MARGIN)).alias("accepted")
    )


def name_similarity(a: pl.Series, b: pl.Series) -> np.ndarray:
    """Element-wise token_set_ratio of two aligned name columns (NULL -> 0)."""
    return process.cpdist(
        a.fill_null("").to_list(), b.fill_null("").to_list(), scorer=fuzz.token_set_ratio, dtype=np.float64, workers=-1
    )
