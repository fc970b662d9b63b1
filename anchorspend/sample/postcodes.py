"""Real postcodes from the shipped NSPL extracts, and where each supplier is located."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from anchorspend.sample.vocabulary import (
    BEDS_OUTWARDS,
    INWARD_LETTERS,
    LU_OUTSIDE_BEDS_N,
    LU_OUTSIDE_BEDS_PLACES,
    NATIONAL_OUTWARDS,
    NEAR_NONLOCAL_OUTWARDS,
    pick,
)

if TYPE_CHECKING:
    from anchorspend.sample.suppliers import Supplier


def _pc_key(pc: str) -> str:
    return pc.replace(" ", "").upper()


def _pc_format(key: str) -> str:
    return f"{key[:-3]} {key[-3:]}"


def _haversine_km(lat1, lon1, lat2, lon2):
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * np.arcsin(np.sqrt(a))


@dataclass
class Postcodes:
    lat: dict[str, float]
    lon: dict[str, float]
    imd: dict[str, int]

    @classmethod
    def load(cls, nspl: Path) -> Postcodes:
        lat, lon, imd = {}, {}, {}
        for area in ("LU", "MK", "SG", "AL", "HP", "NN", "PE", "CB"):
            ll = pl.read_csv(nspl / "latlon" / f"{area}.csv", schema_overrides={"lat": pl.Float64, "long": pl.Float64})
            ll = ll.drop_nulls()  # a few live postcodes have no grid reference
            keys = ll["Postcode"].str.replace_all(" ", "").str.to_uppercase().to_list()
            lat.update(zip(keys, ll["lat"].to_list()))
            lon.update(zip(keys, ll["long"].to_list()))
            im = pl.read_csv(nspl / "imd" / f"{area}.csv", has_header=False, new_columns=["pc", "decile"],
                             schema_overrides={"pc": pl.String, "decile": pl.Int64}).drop_nulls()
            imd.update(zip(im["pc"].str.replace_all(" ", "").str.to_uppercase().to_list(), im["decile"].to_list()))
        return cls(lat, lon, imd)

    def outward_pool(self, outward: str) -> list[str]:
        if not hasattr(self, "_by_outward"):
            index: dict[str, list[str]] = defaultdict(list)
            for k in sorted(self.lat):
                index[k[:-3]].append(k)
            self._by_outward = index
        return self._by_outward.get(outward, [])


def assign_locations(rng, suppliers: list[Supplier], pcs: Postcodes) -> None:
    # LU postcodes clearly inside Bedfordshire: Luton town, Dunstable/Houghton Regis, Leighton Buzzard.
    keys = np.array(sorted(k for k in pcs.lat if k.startswith("LU") and len(k) <= 7 and not k.startswith("LU95")))
    la = np.array([pcs.lat[k] for k in keys])
    lo = np.array([pcs.lon[k] for k in keys])
    out = np.array([k[:-3] for k in keys])
    luton = np.isin(out, ["LU1", "LU3", "LU4"]) | ((out == "LU2") & (lo < -0.395) & (la < 51.91))
    central = ((out == "LU5") | ((out == "LU6") & (_haversine_km(la, lo, 51.8857, -0.5229) < 2.0))
               | ((out == "LU7") & (_haversine_km(la, lo, 51.9172, -0.658) < 2.0)))
    lu_beds = [(k, "Luton") for k in keys[luton]] + [(k, "Central Bedfordshire") for k in keys[central & ~luton]]
    lu_beds.sort()
    lu_outside = {place: ([str(k) for k in keys[_haversine_km(la, lo, plat, plon) < 0.4]], county)
                  for place, (plat, plon, county) in LU_OUTSIDE_BEDS_PLACES.items()}

    local_sups = [s for s in suppliers if s.local]
    order = rng.permutation(len(local_sups))
    outside_slots = [p for p, n in LU_OUTSIDE_BEDS_N.items() for _ in range(n)]
    deprived = [x for x in lu_beds if pcs.imd.get(x[0], 99) <= 2]
    others = [x for x in lu_beds if pcs.imd.get(x[0], 99) > 2]
    for rank, idx in enumerate(order):
        s = local_sups[idx]
        if rank < len(outside_slots):
            place = outside_slots[rank]
            cands, county = lu_outside[place]
            s.postcode, s.county, s.region = _pc_format(pick(rng, cands)), county, "lu_outside_beds"
            continue
        pool = deprived if rng.random() < 0.32 else others
        k, _la = pool[rng.integers(len(pool))]
        s.postcode, s.county, s.region = _pc_format(k), "Bedfordshire", "lu_beds"

    beds_pool = [k for o in BEDS_OUTWARDS for k in pcs.outward_pool(o)]
    near_pool = [k for o in NEAR_NONLOCAL_OUTWARDS for k in pcs.outward_pool(o)]
    for s in suppliers:
        if s.local or not s.in_extract:
            continue
        r = rng.random()
        if r < 0.04:
            s.region = "beds"
            s.postcode, s.county = _pc_format(pick(rng, beds_pool)), "Bedfordshire"
        elif r < 0.22:
            s.region = "near_nonlocal"
            s.postcode = _pc_format(pick(rng, near_pool))
        elif r < 0.97:
            s.region = "national"
            inward = f"{rng.integers(1, 10)}{pick(rng, INWARD_LETTERS)}{pick(rng, INWARD_LETTERS)}"
            s.postcode = f"{pick(rng, NATIONAL_OUTWARDS)} {inward}"
        else:
            s.region = "unknown"
    for s in suppliers:
        if s.postcode:
            s.imd = pcs.imd.get(_pc_key(s.postcode))
