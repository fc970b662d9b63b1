"""Great Expectations must never reach the network, at import or while validating.

Run in a fresh interpreter so that the import itself is watched: an audit hook records every
connection, name lookup, datagram and non-loopback bind, and socket.socket.connect raises.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import json, socket, sys, tempfile
    from pathlib import Path

    events = []
    WATCHED = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
               "socket.sendto", "socket.sendmsg"}
    LOOPBACK = {"127.0.0.1", "::1", "localhost"}

    def hook(event, args):
        # urllib3 (imported by GE) probes for IPv6 support by binding a socket to ::1, port 0:
        # nothing leaves the machine. Any other bind, and any connect or lookup, is recorded.
        if event in WATCHED or (event == "socket.bind" and args[1][0] not in LOOPBACK):
            events.append([event, repr(args)[:200]])

    sys.addaudithook(hook)

    def refuse(self, *args):
        raise OSError("network use refused by the no-network test")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse

    import pandas as pd
    from anchorspend.pipelines import quality, warehouse

    con = warehouse.connect(Path(tempfile.mkdtemp()) / "w.duckdb")
    warehouse.ensure_schema(con)
    con.execute(
        "INSERT INTO core.fct_payment (body, payment_date, transaction_number, supplier_name, amount,"
        " financial_year, month, source_file, file_sha256, source_line, line_key) VALUES"
        " ('Luton', DATE '2017-05-03', 'T1', 'Acme', 100.00, '2017/18', DATE '2017-05-01', 'a.csv', 'x', 2, 'k')")
    con.execute("INSERT INTO marts.kpi_spend_by_year (body, financial_year, total_spend, pct_sme)"
                " VALUES ('Luton', '2017/18', 100.00, 50.00)")
    outcomes = (quality.check_payments(con) + quality.check_kpis(con)
                + quality.check_supplier_extract(pd.DataFrame({"postcode": ["LU1 2AB"], "sme": ["Y"]})))
    seen = list(events)
    socket.getaddrinfo("localhost", 0)  # control: proves the hook would have seen a lookup
    hook_works = len(events) > len(seen)
    print(json.dumps({"events": seen, "hook_works": hook_works, "outcomes": {o.name: o.passed for o in outcomes}}))
    """
)


@pytest.mark.slow  # a fresh interpreter imports Great Expectations: several seconds
def test_no_socket_is_opened_at_import_or_validation():
    env = {k: v for k, v in os.environ.items() if not k.startswith("GX_")}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["hook_works"] is True
    assert report["events"] == []
    # The checks really ran (a silent skip would also open no sockets).
    assert report["outcomes"]["payments_required_fields"] is True
    assert report["outcomes"]["kpi_spend_by_year_reconciles_to_ledger"] is True
    assert report["outcomes"]["supplier_extract_postcode_valid"] is True
    assert len(report["outcomes"]) == 6 + 6 + 2
