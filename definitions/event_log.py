"""Dagster's SQLite event log, with its database engines kept for the life of the process.

Dagster's `SqliteEventLogStorage` builds a new SQLAlchemy engine, and opens and closes a new
SQLite connection, for every read and write. A new engine starts with an empty statement cache,
so every event recompiles its INSERTs, and every close of the last connection checkpoints the
WAL to disk: 10-12 ms an event here, and a run of twelve months writes several hundred events.

This class keeps, for the life of the process, one engine with one connection per database file
(the index and each run's file), with `synchronous=NORMAL`: SQLite's setting for WAL mode, which
cannot corrupt the file and may lose only the last events on a power cut. About 3.4 ms an event.
Uses are serialised by the parent's lock, as before. Between uses the connection holds no lock,
so the UI and the daemon read and write the same files as ever, and they do so with Dagster's
default class: the files, their schema and every query are Dagster's own.
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

# Files one process touches: `anchorspend run` writes two runs and the index, and reads a few.
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
