"""`anchorspend ui` serves the Dagster UI on loopback only, with the real asset graph."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ANCHORSPEND = str(Path(sys.executable).with_name("anchorspend"))
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket in LISTEN state on `port`, from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as fh:
            for line in fh.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                addr, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.add(addr)
    return found


def test_ui_listens_on_loopback_only(tmp_path: Path):
    port = _free_port()
    # The UI serves the instance under the data folder, wherever it is started from.
    env = dict(os.environ, ANCHORSPEND_DATA=str(tmp_path / "data"))
    proc = subprocess.Popen([ANCHORSPEND, "ui", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                            cwd=tmp_path)
    try:
        deadline = time.time() + 180
        body = None
        while time.time() < deadline:
            try:
                query = json.dumps({"query": "{ repositoriesOrError { ... on RepositoryConnection { nodes { assetGroups { groupName } } } } }"}).encode()
                req = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", data=query,
                                             headers={"Content-Type": "application/json"})
                body = json.loads(urllib.request.urlopen(req, timeout=5).read())
                if body.get("data", {}).get("repositoriesOrError", {}).get("nodes"):
                    break
            except OSError:
                pass
            time.sleep(1)
        assert body is not None, "the UI never answered"
        groups = {g["groupName"] for n in body["data"]["repositoriesOrError"]["nodes"] for g in n["assetGroups"]}
        assert groups == {"ingestion", "suppliers", "payments", "kpis", "partnership", "register_scorecard", "reports"}
        assert (tmp_path / "data" / "dagster" / "dagster.yaml").exists()
        # 0100007F is 127.0.0.1 in /proc's byte order; nothing listens on 0.0.0.0 or ::.
        assert _listening_addresses(port) == {"0100007F"}
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=60)
