"""Deterministic generator of the bundled sample landing folder: Luton Borough Council, FY 2017/18.

The folder is calibrated *by construction* to the strategy's Spikes Cavell baseline for 2017/18
(about £238m of spend, 4,168 suppliers, 1,249 SMEs taking 51%, 269 LU suppliers taking 25%),
so that the KPI marts can be checked against it. Supplier names, amounts and flags are fictional;
postcodes are real live postcodes from the shipped NSPL extracts (so they carry coordinates and
IMD deciles), except for suppliers far from Luton, whose postcodes are real outward codes with a
made-up inward part.

Everything the pipeline should find (counts, shares, planted bad rows, duplicates) is written to
``MANIFEST.json`` next to the files, so tests of other components can compare against it.

Run: ``python -m anchorspend.sample [OUT]`` (default: sample_data/landing). Modules, by concern: calibration
(the baseline targets), vocabulary (word lists), names, postcodes, suppliers, lines (payments and their
planted structures), formats, ledgers (the four layouts), extracts (supplier extract, Companies House),
manifest (ground truth), anchors (the other Bedfordshire anchor bodies).
"""

from __future__ import annotations

import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np

from anchorspend.pipelines.config import REFERENCE_DATA, SAMPLE_LANDING
from anchorspend.sample.anchors import BODIES_TOML, generate_anchors
from anchorspend.sample.calibration import N_LOCAL, N_SME, N_SUPPLIERS, OWNED_DIRS
from anchorspend.sample.extracts import write_companies_house, write_extract
from anchorspend.sample.ledgers import write_files
from anchorspend.sample.lines import assign_variants, build_lines, plant_structures, supplier_totals_from_lines
from anchorspend.sample.manifest import ground_truth
from anchorspend.sample.postcodes import Postcodes
from anchorspend.sample.suppliers import allocate_spend, build_suppliers


def generate(out_dir: Path = SAMPLE_LANDING, seed: int = 2017) -> dict:
    """Write ledgers/, supplier_extracts/, companies_house/, bodies.toml and MANIFEST.json under out_dir
    (replacing those, leaving anything else there alone) and return the ground truth written to MANIFEST.json.

    The council comes first and alone draws from `seed`'s stream, so its files are the same bytes
    with or without the anchors; the anchors follow from a stream of their own."""
    out = Path(out_dir)
    # Replace only what this generator writes: other generators share the landing folder (registers/).
    for sub in OWNED_DIRS:
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    (out / BODIES_TOML).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    pcs = Postcodes.load(REFERENCE_DATA / "nspl")
    suppliers = build_suppliers(rng, pcs)
    redacted_total = allocate_spend(rng, suppliers)
    lines = build_lines(rng, suppliers, redacted_total)
    stats = plant_structures(rng, suppliers, lines)
    assign_variants(rng, suppliers, lines)
    supplier_totals_from_lines(suppliers, lines)
    truths = write_files(rng, out, suppliers, lines)
    paths = {"extract": write_extract(rng, out, suppliers), "ch": write_companies_house(rng, out, suppliers)}
    truth = ground_truth(suppliers, lines, truths, stats, paths)
    k = truth["kpis"]
    # Guard the calibration against edits to the constants above.
    assert (truth["totals"]["supplier_count"], k["sme"]["count"], k["local_primary"]["count"]) == (
        N_SUPPLIERS, N_SME, N_LOCAL), truth["totals"]
    assert abs(Decimal(k["sme"]["pct"]) - 51) < Decimal("0.1") and abs(Decimal(k["local_primary"]["pct"]) - 25) < Decimal("0.1")
    truth.update(generate_anchors(out, suppliers, lines, pcs, seed))
    (out / "MANIFEST.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else SAMPLE_LANDING
    truth = generate(out)
    k = truth["kpis"]
    print(f"wrote {out}: {truth['totals']['payment_lines']} payment lines, £{truth['totals']['total_spend']}, "
          f"{truth['totals']['supplier_count']} suppliers; SME {k['sme']['count']} ({k['sme']['pct']}%), "
          f"local {k['local_primary']['count']} ({k['local_primary']['pct']}%)")
    for body, b in truth["bodies"].items():
        print(f"  {body} ({b['kind']}): {b['payment_lines']} lines, £{b['total_spend']}, {b['supplier_count']} suppliers")
    p = truth["partnership"]
    print(f"  partnership: {p['body_count']} bodies, £{p['total_spend']}, {p['shared_supplier_count']} shared suppliers "
          f"({p['shared_local_supplier_count']} local)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
