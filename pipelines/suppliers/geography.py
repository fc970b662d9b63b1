"""Great Britain's local authorities and the counties they sit in, and the rule that decides
"local" at the level the council's definition needs.

A council names its local areas by local authority or by county (ceremonial, administrative,
metropolitan or Welsh preserved county), anywhere in Great Britain; `resolve_area_names` turns
the names into local authorities, or fails with the closest known names.

A postcode is placed somewhere between one authority (exact) and a set of candidate
authorities (its outward code straddles a boundary, or only its county is known).
`decide` answers "is it in the area?" from the candidates alone: TRUE when every candidate is
in the area, FALSE when none is, NULL when only some are. So MK44, whose places are all in
Bedfordshire but split between Bedford and Central Bedfordshire, is in a Bedfordshire
definition without knowing which of the two.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl
from rapidfuzz import fuzz, process

from anchorspend.pipelines.config import REFERENCE_DATA

GEOGRAPHY = REFERENCE_DATA / "geography"
AUTHORITIES_CSV = GEOGRAPHY / "lad_codes.csv"
COUNTIES_CSV = GEOGRAPHY / "county_authorities.csv"
GEONAMES_COUNTIES_CSV = GEOGRAPHY / "geonames_counties.csv"

# A bare county name means the ceremonial county (the wider one, and the one GeoNames uses);
# "(administrative)" or "County Council" names the county council's area.
COUNTY_KIND_ORDER = ("ceremonial", "metropolitan", "administrative", "preserved")
_QUALIFIER = re.compile(r"^(?P<name>.*?)\s*\((?P<kind>ceremonial|administrative|metropolitan|preserved)(?: county)?\)$", re.I)
_COUNTY_COUNCIL = re.compile(r"^(?P<name>.*?)\s+county council$", re.I)
SUGGESTIONS = 5
RULE_NAMES_SHOWN = 6


def _key(name: str) -> str:
    """Names compared casefolded, '&' as 'and', punctuation and ', City of' / ', County of' ignored."""
    s = name.casefold().replace("&", " and ")
    s = re.sub(r",\s*(city|county) of$", "", s.strip())
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return s.strip()


@lru_cache(maxsize=1)
def authorities() -> pl.DataFrame:
    """lad_code, local_authority: every local authority district in Great Britain (ONS, April 2023)."""
    return pl.read_csv(AUTHORITIES_CSV, infer_schema=False)


@lru_cache(maxsize=1)
def county_authorities() -> pl.DataFrame:
    """county, kind, local_authority: which authorities each county holds, by kind of county."""
    return pl.read_csv(COUNTIES_CSV, infer_schema=False)


@lru_cache(maxsize=1)
def _name_index() -> dict[str, tuple[str, list[str]]]:
    """Known name key -> (the name as written, its local authorities). Authorities first, so a
    name that is both an authority and a county ('Somerset') means the authority; write
    'Somerset (ceremonial)' for the county."""
    index: dict[str, tuple[str, list[str]]] = {}
    for la in authorities()["local_authority"]:
        index.setdefault(_key(la), (la, [la]))
    ca = county_authorities()
    for kind in COUNTY_KIND_ORDER:
        groups = ca.filter(pl.col("kind") == kind).group_by("county").agg(pl.col("local_authority").sort())
        for county, las in groups.sort("county").iter_rows():
            label = f"{county} ({kind})"
            index.setdefault(_key(label), (label, list(las)))
            index.setdefault(_key(county), (county, list(las)))
            if kind == "administrative":
                index.setdefault(_key(f"{county} County Council"), (f"{county} County Council", list(las)))
    return index


def resolve_area_name(name: str) -> list[str] | None:
    """The local authorities a council-file name stands for, or None if the name is unknown."""
    index = _name_index()
    hit = index.get(_key(name))
    if hit:
        return hit[1]
    m = _QUALIFIER.match(name.strip()) or _COUNTY_COUNCIL.match(name.strip())
    if m:
        kind = (m.groupdict().get("kind") or "administrative").lower()
        hit = index.get(_key(f"{m['name']} ({kind})"))
        return hit[1] if hit else None
    return None


def suggest(name: str, limit: int = SUGGESTIONS) -> list[str]:
    """The known names closest to an unknown one (authorities and counties)."""
    labels = sorted({label for label, _ in _name_index().values()})
    found = process.extract(name, labels, scorer=fuzz.WRatio, processor=_key, limit=limit)
    return [label for label, _score, _i in found]


def resolve_area_names(names: list[str], key: str) -> list[str]:
    """Council-file names (authorities or counties) -> sorted distinct local authorities.
    An unknown name raises ValueError naming the key and the closest known names."""
    out: set[str] = set()
    unknown = []
    for name in names:
        las = resolve_area_name(name)
        if las is None:
            unknown.append(name)
        else:
            out.update(las)
    if unknown:
        hints = "; ".join(f"{n!r}: did you mean {', '.join(repr(s) for s in suggest(n))}?" for n in unknown)
        raise ValueError(
            f"{key}: unknown local authority or county {', '.join(repr(n) for n in unknown)} "
            f"(known: every local authority in Great Britain and every ceremonial, administrative, "
            f"metropolitan or Welsh preserved county, in {COUNTIES_CSV.relative_to(REFERENCE_DATA.parent)}). {hints}"
        )
    return sorted(out)


@lru_cache(maxsize=1)
def geonames_county_authorities() -> pl.DataFrame:
    """geonames_county, local_authority (NULL for a county outside Great Britain), outside_gb:
    the candidate authorities of a place GeoNames gives only a county for.

    A GeoNames county is read as an alias first (geonames_counties.csv), then as a ceremonial
    or metropolitan county, then as an authority (Welsh and Scottish principal areas), then as a
    Welsh preserved county. 'Gwynedd' is thus the authority, not the preserved county with
    Anglesey, which GeoNames lists on its own."""
    alias = pl.read_csv(GEONAMES_COUNTIES_CSV, infer_schema=False)
    ca = county_authorities()
    by_county = {
        kind: ca.filter(pl.col("kind") == kind).select("county", "local_authority")
        for kind in COUNTY_KIND_ORDER
    }
    las = authorities().select(pl.col("local_authority").alias("county"), "local_authority")

    def expand(names: pl.DataFrame) -> pl.DataFrame:
        # names: geonames_county, county -> one row per candidate authority, by precedence.
        found = []
        rest = names
        for table in (by_county["ceremonial"], by_county["metropolitan"], las, by_county["preserved"], by_county["administrative"]):
            hit = rest.join(table, on="county", how="inner")
            found.append(hit)
            rest = rest.join(table.select("county").unique(), on="county", how="anti")
        return pl.concat(found).select("geonames_county", "local_authority")

    aliased = alias.filter(pl.col("county").is_not_null())
    outside = alias.filter(pl.col("county").is_null()).select(
        "geonames_county", pl.lit(None, pl.String).alias("local_authority"), pl.lit(True).alias("outside_gb")
    )
    plain_names = pl.concat(
        [ca.select("county"), las.select("county")]
    ).unique().filter(~pl.col("county").is_in(alias["geonames_county"].implode()))
    plain = plain_names.select(pl.col("county").alias("geonames_county"), "county")
    inside = expand(pl.concat([aliased.select("geonames_county", "county"), plain])).unique().with_columns(
        pl.lit(False).alias("outside_gb")
    )
    return pl.concat([inside, outside])


def decide(candidates: pl.Expr, outside_gb: pl.Expr, area: list[str]) -> pl.Expr:
    """In the area? From a list of candidate authorities: TRUE when every candidate is in it,
    FALSE when none is (or the place is outside Great Britain), NULL when only some are or
    nothing is known."""
    n = candidates.list.len()
    inside = candidates.list.eval(pl.element().is_in(area)).list.sum()
    return (
        pl.when(outside_gb.fill_null(False))
        .then(False)
        .when(candidates.is_null() | (n == 0))
        .then(None)
        .when(inside == n)
        .then(True)
        .when(inside == 0)
        .then(False)
        .otherwise(None)
    )


def rule_text(candidates: pl.Expr, outside_gb: pl.Expr, area: list[str], definition: str) -> pl.Expr:
    """The evidence for `decide` when it decided over several candidates (NULL when one
    authority was known, so nothing was inferred)."""
    n = candidates.list.len()
    inside = candidates.list.eval(pl.element().is_in(area)).list.sum()
    # A whole county's authorities (Greater London's 33) would drown the sentence: name six.
    listed = (
        pl.when(n > RULE_NAMES_SHOWN)
        .then(pl.format("{}, ... and {} more", candidates.list.head(RULE_NAMES_SHOWN).list.join(", "), n - RULE_NAMES_SHOWN))
        .otherwise(candidates.list.join(", "))
    )
    return (
        pl.when(outside_gb.fill_null(False))
        .then(pl.lit(f"{definition}: outside Great Britain"))
        .when(candidates.is_null() | (n <= 1))
        .then(None)
        .when(inside == n)
        .then(pl.format(f"{definition}: every candidate authority is in the area ({{}})", listed))
        .when(inside == 0)
        .then(pl.format(f"{definition}: no candidate authority is in the area ({{}})", listed))
        .otherwise(pl.format(f"{definition}: undecided, {{}} of {{}} candidate authorities in the area ({{}})", inside, n, listed))
    )
