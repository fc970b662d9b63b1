"""Dagster's SQLite event log, with its database engines kept for the life of the process.

Dagster's `SqliteEventLogStorage` builds a new SQLAlchemy engine for every read and write. A new
engine starts with an empty statement cache, so every event recompiles its INSERTs: about 12 ms
an event here, and a run of twelve months writes several hundred events. Keeping one engine per
database file (still `NullPool`: no connection stays open between uses, so other processes, the
UI and the daemon, see the files exactly as before) lets SQLAlchemy reuse its compiled
statements. The files, their schema and every query are Dagster's own: the UI and any other
process read them with the default storage class.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy import event
from sqlalchemy.pool import StaticPool

# Runs of one process: `anchorspend run` writes two, the index and a few older runs are read.
_KEPT = 16


def _wal_normal(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


class KeptEngineSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` that reuses one engine per shard (the index, each run's file)."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: dict[str, Engine] = {}
        super().__init__(base_dir, inst_data=inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        # The parent's names its own class.
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=StaticPool,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            event.listen(engine, "connect", _wal_normal)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            while len(self._engines) >= _KEPT:
                self._engines.pop(next(iter(self._engines))).dispose()
        # Most recently used last: the oldest is the one let go.
        self._engines[shard] = engine
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn:
                with conn.begin():
                    yield conn

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        super().dispose()
