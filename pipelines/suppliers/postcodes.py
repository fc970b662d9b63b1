"""UK postcodes: normalise, validate, and place them, offline.

Where a postcode is, in order of trust:
1. `onspd`: a user-dropped ONS Postcode Directory extract (exact local authority per postcode);
2. `nspl_nearest_place`: the full postcode's coordinates (shipped NSPL extract) against the
   GeoNames places listed for its outward code, nearest by size-weighted distance;
3. `geonames_outward`: no coordinates, but every GeoNames place of the outward code lies in
   one county (and authority), so the outward code alone answers;
4. otherwise the location is unknown (NULL), never "not local".

GeoNames lists places, not people: LU2 lists three Hertfordshire villages and Stopsley, yet
nine in ten LU2 postcodes are in Luton town. So a place count never decides; distances from
the postcode do, and a place's pull grows with how many postcodes sit around it (a town
outweighs a hamlet). See README section "Postcodes" for the method's limits.
"""

from __future__ import annotations

import inspect
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pgeocode
import polars as pl
from scipy.spatial import cKDTree

from anchorspend.pipelines.config import REFERENCE_DATA
from anchorspend.pipelines.parse import normalise_postcode, postcode_area, postcode_outward
from anchorspend.pipelines.suppliers import geography
from anchorspend.pipelines.suppliers.geography import decide, geonames_county_authorities, resolve_area_names, rule_text

GEONAMES_GB = REFERENCE_DATA / "geonames" / "GB.txt"
NSPL_LATLON = REFERENCE_DATA / "nspl" / "latlon"
NSPL_IMD = REFERENCE_DATA / "nspl" / "imd"
GEOGRAPHY = geography.GEOGRAPHY
ONSPD_REFERENCE = REFERENCE_DATA / "onspd"
ONSPD_LANDING = "postcode_directory"

# A place's weight is sqrt(1 + postcodes within this radius of it): area ~ postcode count,
# so the square root scales like the settlement's radius (a multiplicatively weighted Voronoi).
PLACE_RADIUS_KM = 1.0
EARTH_KM_PER_DEG_LAT = 111.2


# --- reference data -------------------------------------------------------------------------


class PgeocodeChanged(RuntimeError):
    """The installed pgeocode no longer loads its data the way ShippedNominatim relies on."""


def _check_pgeocode() -> None:
    """ShippedNominatim relies on one pgeocode internal: Nominatim.__init__ gets its data from
    `self._get_data(country)` (pgeocode 0.4 and 0.5). If an upgrade changes that, pgeocode's own
    loader would run and download from geonames.org; refuse before it can."""
    version = getattr(pgeocode, "__version__", "?")
    hook = inspect.getattr_static(pgeocode.Nominatim, "_get_data", None)
    try:
        init_calls_hook = "self._get_data(" in inspect.getsource(pgeocode.Nominatim.__init__)
    except (OSError, TypeError):  # no source shipped: the post-construction check still holds
        init_calls_hook = True
    missing = [n for n in ("DATA_FIELDS", "NA_VALUES") if not hasattr(pgeocode, n)]
    if hook is None or not init_calls_hook or missing:
        raise PgeocodeChanged(
            f"pgeocode {version} no longer loads its data through Nominatim._get_data"
            + (f" (missing {', '.join(missing)})" if missing else "")
            + "; pipelines/suppliers/postcodes.py ShippedNominatim must be updated for this version "
            "(refusing to let pgeocode download GeoNames at run time)"
        )


class ShippedNominatim(pgeocode.Nominatim):
    """pgeocode over the GeoNames file shipped in reference_data/.

    pgeocode's own loader looks in ~/.cache/pgeocode (or PGEOCODE_DATA_DIR) for a CSV it wrote
    itself, and downloads from geonames.org when it is missing; with unique=True it also writes
    an index file beside it. This subclass reads the raw GeoNames tab file itself, hands it to
    pgeocode through the `_get_data` hook, and is always built with unique=False, so it never
    downloads and never writes. The hook is checked before pgeocode runs and the data after
    (PgeocodeChanged names the problem), and `places` is this class's own frame, so nothing
    else reads pgeocode internals.
    """

    def __init__(self, path: Path = GEONAMES_GB):
        _check_pgeocode()
        self._shipped_path = Path(path)
        self.places = pd.read_csv(
            self._shipped_path,
            sep="\t",
            header=None,
            names=pgeocode.DATA_FIELDS,
            dtype={"postal_code": str},
            na_values=pgeocode.NA_VALUES,
            keep_default_na=False,
        )
        super().__init__("GB", unique=False)
        if getattr(self, "_data", None) is not self.places:
            raise PgeocodeChanged(
                f"pgeocode {getattr(pgeocode, '__version__', '?')} did not take the shipped GeoNames data "
                "from ShippedNominatim._get_data; update pipelines/suppliers/postcodes.py for this version"
            )

    def _get_data(self, country: str) -> tuple[str, pd.DataFrame]:  # type: ignore[override]
        return str(self._shipped_path), self.places


@lru_cache(maxsize=2)
def geonames_places(path: str = str(GEONAMES_GB)) -> pl.DataFrame:
    """GeoNames places per outward code, with county/authority corrections applied, and each
    place's candidate authorities: its own authority when place_authority.csv knows it, else
    every authority of its county (empty and outside_gb for Northern Ireland and the Crown
    Dependencies). Places GeoNames lists under an outward code they are not in are dropped."""
    nomi = ShippedNominatim(Path(path))
    pdf = nomi.places[["postal_code", "place_name", "state_name", "county_name", "latitude", "longitude", "accuracy"]]
    places = pl.from_pandas(pdf).rename(
        {"postal_code": "outward", "place_name": "place", "county_name": "county", "latitude": "lat", "longitude": "lon"}
    )
    places = places.with_columns(pl.col("outward").str.to_uppercase(), pl.col("accuracy").cast(pl.Int64, strict=False))
    fixes = pl.read_csv(GEOGRAPHY / "place_authority.csv", infer_schema=False).select(
        "outward", "place", pl.col("county").alias("county_fix"), "local_authority",
        (pl.col("listed_in_error").str.to_lowercase() == "yes").fill_null(False).alias("listed_in_error"),
    )
    places = (
        places.join(fixes, on=["outward", "place"], how="left")
        .filter(~pl.col("listed_in_error").fill_null(False))
        .with_columns(pl.col("county").alias("geonames_county"), pl.coalesce("county_fix", "county").alias("county"))
    )
    by_county = geonames_county_authorities().group_by("geonames_county").agg(
        pl.col("local_authority").drop_nulls().unique().sort().alias("county_candidates"),
        pl.col("outside_gb").all(),
    )
    # A corrected county is looked up under its own name (it is a county GeoNames also uses).
    places = places.with_columns(pl.coalesce("county_fix", "geonames_county").alias("_lookup")).join(
        by_county, left_on="_lookup", right_on="geonames_county", how="left"
    )
    places = places.with_columns(
        pl.when(pl.col("local_authority").is_not_null())
        .then(pl.concat_list(pl.col("local_authority")))
        .otherwise(pl.col("county_candidates"))
        .alias("candidates"),
        (pl.col("outside_gb").fill_null(False) & pl.col("local_authority").is_null()).alias("outside_gb"),
    )
    return places.drop("county_fix", "listed_in_error", "_lookup", "county_candidates", "geonames_county")


@lru_cache(maxsize=1)
def nspl_coordinates() -> pl.DataFrame:
    frames = [
        pl.read_csv(p, schema_overrides={"Postcode": pl.String, "lat": pl.Float64, "long": pl.Float64})
        for p in sorted(NSPL_LATLON.glob("*.csv"))
    ]
    return (
        pl.concat(frames)
        .select(normalise_postcode(pl.col("Postcode")).alias("postcode"), pl.col("lat"), pl.col("long").alias("lon"))
        .drop_nulls()
        .unique("postcode", keep="first")
    )


@lru_cache(maxsize=1)
def nspl_imd() -> pl.DataFrame:
    frames = [
        pl.read_csv(p, has_header=False, new_columns=["postcode_raw", "imd_decile"], infer_schema=False)
        for p in sorted(NSPL_IMD.glob("*.csv"))
    ]
    return (
        pl.concat(frames)
        .select(
            normalise_postcode(pl.col("postcode_raw")).alias("postcode"),
            pl.col("imd_decile").cast(pl.Int32, strict=False),
        )
        .drop_nulls("postcode")
        .unique("postcode", keep="first")
    )


def ceremonial_county() -> pl.DataFrame:
    """local_authority -> the (first) ceremonial county it lies in, for authorities named exactly."""
    return (
        geography.county_authorities()
        .filter(pl.col("kind").is_in(["ceremonial", "preserved"]))
        .sort("kind", "county")
        .group_by("local_authority", maintain_order=True)
        .agg(pl.col("county").first())
    )


def _km_xy(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    # Equirectangular at 52N is accurate to well under 1% over the tens of km compared here.
    return np.column_stack([lat * EARTH_KM_PER_DEG_LAT, lon * EARTH_KM_PER_DEG_LAT * np.cos(np.radians(52.0))])


@lru_cache(maxsize=2)
def weighted_places(path: str = str(GEONAMES_GB)) -> pl.DataFrame:
    """Candidate places for the nearest-place rule, each with its weight.

    Places GeoNames locates only approximately (accuracy 3: hamlets stacked on one estimated
    point) are kept: measured on LU2, dropping them hands Cockernhoe's postcodes to Luton.
    """
    places = geonames_places(path).drop_nulls(["lat", "lon"])
    coords = nspl_coordinates()
    tree = cKDTree(_km_xy(coords["lat"].to_numpy(), coords["lon"].to_numpy()))
    counts = tree.query_ball_point(
        _km_xy(places["lat"].to_numpy(), places["lon"].to_numpy()), r=PLACE_RADIUS_KM, return_length=True
    )
    places = places.with_columns(pl.Series("weight", np.sqrt(1.0 + np.asarray(counts, dtype=float))))
    return places.select("outward", "place", "county", "local_authority", "candidates", "outside_gb", "lat", "lon", "weight")


@lru_cache(maxsize=2)
def outward_answers(path: str = str(GEONAMES_GB)) -> pl.DataFrame:
    """Every outward code: its county when all its places lie in one (authority kept only if
    also single), and the candidate authorities of all its places."""
    return (
        geonames_places(path)
        .group_by("outward")
        .agg(
            pl.col("county").n_unique().alias("n_county"),
            pl.col("county").first().alias("county"),
            pl.col("local_authority").n_unique().alias("n_la"),
            pl.col("local_authority").null_count().alias("la_nulls"),
            pl.col("local_authority").first().alias("local_authority"),
            pl.col("candidates").list.explode(keep_nulls=False, empty_as_null=False).drop_nulls().unique().sort().alias("candidates"),
            pl.col("outside_gb").all().alias("outside_gb"),
        )
        .with_columns(
            pl.when(pl.col("n_county") == 1).then(pl.col("county")).alias("county"),
            pl.when((pl.col("n_county") == 1) & (pl.col("n_la") == 1) & (pl.col("la_nulls") == 0))
            .then(pl.col("local_authority"))
            .alias("local_authority"),
        )
        .select("outward", "county", "local_authority", "candidates", "outside_gb")
    )


# --- ONS Postcode Directory drop-in ---------------------------------------------------------

_PCD_COLUMNS = ("pcds", "pcd", "pcd2", "pcd7", "pcd8", "postcode")
_LA_NAME_HINTS = ("lad_name", "laua_name", "ladnm", "local_authority", "local authority", "lad25nm", "lad24nm", "lad23nm", "lad22nm", "lad21nm", "district")
_LA_CODE_COLUMNS = ("laua", "lad", "oslaua", "lad25cd", "lad24cd", "lad23cd", "lad22cd", "lad21cd")


def onspd_files(landing: Path | None) -> list[Path]:
    files: list[Path] = []
    if ONSPD_REFERENCE.is_dir():
        files += sorted(ONSPD_REFERENCE.rglob("*.csv"))
    if landing is not None and (Path(landing) / ONSPD_LANDING).is_dir():
        files += sorted((Path(landing) / ONSPD_LANDING).rglob("*.csv"))
    return files


def _onspd_lookup(files: list[Path], wanted: pl.Series) -> pl.DataFrame:
    """Exact authority per postcode from ONSPD-style CSVs (pcds + an authority name or code)."""
    codes = pl.read_csv(GEOGRAPHY / "lad_codes.csv", infer_schema=False)
    parts = []
    for path in files:
        header = pl.read_csv(path, n_rows=0, infer_schema=False).columns
        lower = {c.lower().strip(): c for c in header}
        pcd = next((lower[c] for c in _PCD_COLUMNS if c in lower), None)
        name = next((lower[c] for c in _LA_NAME_HINTS if c in lower), None)
        code = next((lower[c] for c in _LA_CODE_COLUMNS if c in lower), None)
        if pcd is None or (name is None and code is None):
            raise ValueError(
                f"{path}: not a postcode directory extract: need a postcode column ({', '.join(_PCD_COLUMNS)}) "
                f"and an authority name or code column; saw {header}"
            )
        cols = [pl.col(pcd).alias("raw")]
        cols.append(pl.col(name).alias("la_name") if name else pl.lit(None, pl.String).alias("la_name"))
        cols.append(pl.col(code).alias("la_code") if code else pl.lit(None, pl.String).alias("la_code"))
        frame = (
            pl.scan_csv(path, infer_schema=False)
            .select(cols)
            .with_columns(normalise_postcode(pl.col("raw")).alias("postcode"))
            .filter(pl.col("postcode").is_in(wanted.implode()))
            .collect()
        )
        parts.append(frame)
    if not parts:
        return pl.DataFrame(schema={"postcode": pl.String, "local_authority": pl.String})
    found = pl.concat(parts).join(codes, left_on="la_code", right_on="lad_code", how="left")
    return (
        found.select("postcode", pl.coalesce(pl.col("la_name").str.strip_chars(), "local_authority").alias("local_authority"))
        .drop_nulls()
        .unique("postcode", keep="last")  # later files (the landing drop) win over older ones
    )


# --- the lookup -----------------------------------------------------------------------------


def locate_postcodes(raw: pl.Series | list[str | None], landing: Path | None = None) -> pl.DataFrame:
    """One row per distinct raw value: postcode, outward_known, postcode_outward, postcode_area,
    local_authority, county, candidate_authorities, outside_gb, imd_decile, location_source
    (NULL = unknown).

    candidate_authorities are the authorities the postcode may lie in: one when its authority
    is known, all of its county's (or its outward code's counties') otherwise. outward_known is
    FALSE for well-formed strings whose outward code does not exist ('ZZ1 1ZZ').
    """
    raws = pl.DataFrame({"raw": pl.Series(list(raw) if not isinstance(raw, pl.Series) else raw, dtype=pl.String)}).unique()
    base = raws.with_columns(
        normalise_postcode(pl.col("raw")).alias("postcode"),
        postcode_outward(pl.col("raw")).alias("postcode_outward"),
    ).with_columns(postcode_area(pl.col("postcode_outward")).alias("postcode_area"))
    full = base.select("postcode", "postcode_outward").drop_nulls("postcode").unique()

    # 1. ONSPD drop-in: the authority itself.
    files = onspd_files(landing)
    onspd = _onspd_lookup(files, full["postcode"]) if files else pl.DataFrame(schema={"postcode": pl.String, "local_authority": pl.String})
    onspd = onspd.join(ceremonial_county(), on="local_authority", how="left").with_columns(
        pl.concat_list(pl.col("local_authority")).alias("candidates"),
        pl.lit(False).alias("outside_gb"),
        pl.lit("onspd").alias("location_source"),
    )

    # 2. Nearest place by weighted distance, among the places of the postcode's own outward code.
    with_xy = full.join(nspl_coordinates(), on="postcode", how="inner")
    cand = with_xy.join(weighted_places(), left_on="postcode_outward", right_on="outward", how="inner", suffix="_p")
    coslat = float(np.cos(np.radians(52.0)))
    nearest = (
        cand.with_columns(
            (
                ((pl.col("lat") - pl.col("lat_p")) ** 2 + ((pl.col("lon") - pl.col("lon_p")) * coslat) ** 2).sqrt()
                * EARTH_KM_PER_DEG_LAT
                / pl.col("weight")
            ).alias("score")
        )
        .group_by("postcode")
        .agg(pl.col("local_authority", "county", "candidates", "outside_gb").sort_by(["score", "place"]).first())
        .with_columns(pl.lit("nspl_nearest_place").alias("location_source"))
    )

    # 3. The outward code alone: one county if its places agree, and their candidate authorities.
    outward = outward_answers().with_columns(
        pl.when((pl.col("candidates").list.len() > 0) | pl.col("outside_gb")).then(pl.lit("geonames_outward")).alias("location_source")
    )

    cols = ["local_authority", "county", "candidates", "outside_gb"]
    out = (
        base.join(onspd.select("postcode", *cols, "location_source"), on="postcode", how="left")
        .join(nearest, on="postcode", how="left", suffix="_near")
        .join(outward, left_on="postcode_outward", right_on="outward", how="left", suffix="_out")
    )
    use_onspd = pl.col("location_source").is_not_null()
    use_near = pl.col("location_source_near").is_not_null()
    out = out.with_columns(
        pl.coalesce("location_source", "location_source_near", "location_source_out").alias("location_source"),
        *[
            pl.when(use_onspd).then(pl.col(c)).when(use_near).then(pl.col(f"{c}_near")).otherwise(pl.col(f"{c}_out")).alias(c)
            for c in cols
        ],
    ).join(nspl_imd(), on="postcode", how="left")
    known_outward = geonames_places()["outward"].unique().implode()
    out = out.with_columns(
        (pl.col("location_source").is_not_null() | pl.col("postcode_outward").is_in(known_outward)).alias("outward_known"),
        pl.col("outside_gb").fill_null(False),
    )
    return out.select(
        "raw", "postcode", "outward_known", "postcode_outward", "postcode_area", "local_authority", "county",
        pl.col("candidates").alias("candidate_authorities"), "outside_gb", "imd_decile", "location_source",
    )


def local_flags(
    located: pl.DataFrame,
    primary_areas: list[str],
    secondary: list[str],
    primary: list[str] | None = None,
) -> pl.DataFrame:
    """Add is_local_primary / is_local_secondary (NULL when unknown) and location_rule.

    `secondary` and `primary` name local authorities or counties (resolve_area_names). Each is
    decided at the level its definition needs (geography.decide): TRUE when every candidate
    authority of the postcode is in the area, FALSE when none is, NULL when only some are.
    Primary by postcode area is read from the postcode itself. location_rule records the rule
    whenever it decided over several candidates, so a straddling outward code's answer says why.
    """
    sec = resolve_area_names(secondary, "local_secondary_local_authorities")
    prim = resolve_area_names(primary, "local_primary_local_authorities") if primary else []
    areas = [a.upper() for a in primary_areas]
    cands = pl.col("candidate_authorities")
    gb = pl.col("outside_gb")
    known = pl.col("outward_known")
    by_area = pl.when(pl.col("postcode_area").is_null() | known.not_()).then(None).otherwise(pl.col("postcode_area").is_in(areas))
    by_authority = pl.when(known).then(decide(cands, gb, prim))
    if areas and prim:
        # Either definition makes a postcode primary; it is not primary only when both say no.
        is_primary = pl.when(by_area | by_authority).then(True).when(by_area.not_() & by_authority.not_()).then(False)
    elif prim:
        is_primary = by_authority
    else:
        is_primary = by_area
    rules = [rule_text(cands, gb, sec, "secondary")]
    if prim:
        rules.append(rule_text(cands, gb, prim, "primary"))
    return located.with_columns(
        is_primary.alias("is_local_primary"),
        pl.when(known).then(decide(cands, gb, sec)).alias("is_local_secondary"),
        pl.when(known).then(pl.concat_str(rules, separator="; ", ignore_nulls=True)).alias("location_rule"),
    )
