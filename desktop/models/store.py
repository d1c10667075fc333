"""Opening, creating and writing the department file; every write is one SQLite transaction."""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select
from sqlalchemy.pool import StaticPool

from desktop.errors import DepartmentFileError
from desktop.models import migrations, schema
from desktop.models.backup import make_backup
from desktop.system_errors import reason

SQLITE_MAGIC = b"SQLite format 3\x00"
FILE_SUFFIX = ".budget"


class FileLockedError(DepartmentFileError):
    """Another running instance holds the file; it may still be opened read-only."""


def _read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) read straight from the 100-byte SQLite header."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DepartmentFileError(f"“{path.name}”不是部门预算文件（文件已损坏或格式不对）。")
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    return application_id, user_version


def _make_engine(path: Path, readonly: bool, memory_copy: bool = False) -> Engine:
    if memory_copy:
        # A read-only view of an older file: upgraded in memory, the file itself untouched.
        def creator() -> sqlite3.Connection:
            memory = sqlite3.connect(":memory:", check_same_thread=False)
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                source.backup(memory)
            finally:
                source.close()
            return memory
    elif readonly:
        uri = f"file:{path}?mode=ro"

        def creator() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:

        def creator() -> sqlite3.Connection:
            return sqlite3.connect(str(path), check_same_thread=False)

    engine = create_engine("sqlite://", creator=creator, poolclass=StaticPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - DB-API objects
        # Take transaction control from the sqlite3 module so BEGIN/COMMIT are ours.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            # DELETE journal + FULL sync: works on network drives and survives power loss.
            cur.execute("PRAGMA journal_mode=DELETE")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE" if not readonly else "BEGIN")

    return engine


class DepartmentFile:
    """An open department file. Use `transaction()` for every write."""

    def __init__(self, path: Path, engine: Engine, readonly: bool) -> None:
        self.path = path
        self.engine = engine
        self.readonly = readonly
        self._lock_row: tuple[str, int] | None = None
        self.migrated_from: int | None = None  # the version this file was upgraded from, if any
        self.migration_backup: Path | None = None

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def create(
        cls, path: str | os.PathLike, code: str, name: str, fiscal_year: int
    ) -> DepartmentFile:
        """Create a new, empty department file; refuses to overwrite an existing file."""
        path = Path(path)
        if path.exists():
            raise DepartmentFileError(f"文件“{path}”已存在，不会被覆盖。请换一个文件名。")
        if not code.strip() or not name.strip():
            raise DepartmentFileError("部门编码和部门名称不能为空。")
        tmp = path.with_name(path.name + ".creating")
        tmp.unlink(missing_ok=True)
        try:
            engine = _make_engine(tmp, readonly=False)
            with engine.begin() as conn:
                schema.metadata.create_all(conn)
                conn.execute(
                    insert(schema.department).values(
                        id=1, code=code.strip(), name=name.strip(), fiscal_year=fiscal_year
                    )
                )
                conn.exec_driver_sql(f"PRAGMA application_id={schema.APPLICATION_ID}")
                conn.exec_driver_sql(f"PRAGMA user_version={schema.SCHEMA_VERSION}")
            engine.dispose()
            os.replace(tmp, path)  # the file appears complete or not at all
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise DepartmentFileError(
                f"无法创建文件“{path}”：{reason(exc, writing=True)}。"
            ) from exc
        return cls.open(path)

    @classmethod
    def open(cls, path: str | os.PathLike, readonly: bool = False) -> DepartmentFile:
        """Open an existing department file after checking that it is ours and not newer."""
        path = Path(path)
        if not path.exists():
            raise DepartmentFileError(f"找不到文件“{path}”。")
        if path.is_dir():
            raise DepartmentFileError(f"“{path}”是一个文件夹，不是部门预算文件。")
        try:
            app_id, version = _read_header(path)
        except OSError as exc:
            raise DepartmentFileError(f"无法读取文件“{path}”：{reason(exc)}。") from exc
        if app_id != schema.APPLICATION_ID:
            raise DepartmentFileError(f"“{path.name}”是其他软件的数据库文件，不是部门预算文件。")
        if version > schema.SCHEMA_VERSION:
            raise DepartmentFileError(
                f"“{path.name}”由更新版本的部门预算编制软件保存（文件版本 {version}），"
                f"本软件只支持到版本 {schema.SCHEMA_VERSION}。请升级软件后再打开。"
            )
        if version < 1:
            raise DepartmentFileError(f"“{path.name}”不是完整的部门预算文件（没有版本号）。")
        if not readonly and not os.access(path, os.W_OK):
            raise DepartmentFileError(
                f"文件“{path.name}”是只读的，无法保存修改。可以用只读方式打开。"
            )
        engine = _make_engine(
            path, readonly, memory_copy=readonly and version < schema.SCHEMA_VERSION
        )
        dfile = cls(path, engine, readonly)
        try:
            with engine.connect() as conn:
                result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
            if result != "ok":
                raise DepartmentFileError(f"文件“{path.name}”已损坏（{result}）。请从备份恢复。")
            if version < schema.SCHEMA_VERSION:
                if readonly:
                    dfile._migrate_view(version)
                else:
                    dfile._migrate(version)
            if not readonly:
                dfile._acquire_lock()
        except sqlite3.DatabaseError as exc:
            engine.dispose()
            raise DepartmentFileError(f"文件“{path.name}”已损坏，无法打开：{exc}") from exc
        except Exception:
            engine.dispose()
            raise
        return dfile

    def _migrate(self, version: int) -> None:
        """Back the file up, then upgrade it in one transaction (all steps or none)."""
        backup = make_backup(self.path)  # raises DepartmentFileError: then nothing is touched
        try:
            with self.transaction() as conn:
                migrations.upgrade(conn, version)
        except DepartmentFileError as exc:
            raise DepartmentFileError(
                f"文件“{self.path.name}”从版本 {version} 升级失败，文件保持原样：{exc}"
            ) from exc
        except Exception as exc:
            raise DepartmentFileError(
                f"文件“{self.path.name}”从版本 {version} 升级失败，文件保持原样"
                f"（升级前的备份：{backup.path}）：{exc}"
            ) from exc
        self.migrated_from = version
        self.migration_backup = backup.path

    def _migrate_view(self, version: int) -> None:
        """Upgrade the in-memory copy of a file opened read-only."""
        with self.engine.begin() as conn:
            migrations.upgrade(conn, version)
        self.migrated_from = version

    # -- one writer -------------------------------------------------------------------------
    def _acquire_lock(self) -> None:
        host, pid = socket.gethostname(), os.getpid()
        with self.transaction() as conn:
            for row in conn.execute(select(schema.app_lock)).mappings():
                if row["host"] == host and row["pid"] == pid:
                    continue
                if row["host"] == host and not _pid_alive(row["pid"]):
                    continue  # stale lock of a crashed instance on this PC: cleared below
                raise FileLockedError(
                    f"文件“{self.path.name}”正被 {row['user']}（计算机 {row['host']}，进程 {row['pid']}）"
                    f"于 {row['opened_at']} 打开。为避免互相覆盖，只能以只读方式打开。"
                )
            conn.execute(delete(schema.app_lock))
            conn.execute(
                insert(schema.app_lock).values(
                    host=host,
                    pid=pid,
                    user=_user_name(),
                    opened_at=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                )
            )
        self._lock_row = (host, pid)

    def close(self) -> None:
        if self._lock_row is not None:
            try:
                with self.transaction() as conn:
                    host, pid = self._lock_row
                    conn.execute(
                        delete(schema.app_lock).where(
                            schema.app_lock.c.host == host, schema.app_lock.c.pid == pid
                        )
                    )
            except Exception:  # noqa: BLE001 - closing must not fail; a stale lock is cleared later
                pass
            self._lock_row = None
        self.engine.dispose()

    # -- access --------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction: all statements commit together or none does."""
        if self.readonly:
            raise DepartmentFileError("文件以只读方式打开，不能修改。")
        try:
            with self.engine.begin() as conn:
                yield conn
        except sqlite3.OperationalError as exc:
            raise _translate(exc, self.path) from exc
        except Exception as exc:
            orig = getattr(exc, "orig", None)
            if isinstance(orig, sqlite3.OperationalError):
                raise _translate(orig, self.path) from exc
            raise

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def __enter__(self) -> DepartmentFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _translate(exc: sqlite3.OperationalError, path: Path) -> DepartmentFileError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return FileLockedError(f"文件“{path.name}”正被其他程序使用，暂时无法保存。修改未写入。")
    if "disk is full" in text or "full" in text:
        return DepartmentFileError(f"磁盘已满，文件“{path.name}”未能保存本次修改（文件保持原样）。")
    if "unable to open" in text:
        return DepartmentFileError(
            f"无法在“{path.parent}”中写入（文件夹只读、U 盘写保护或已拔出），"
            f"文件“{path.name}”的修改未写入，文件保持原样。"
        )
    if "disk I/O error" in text:
        return DepartmentFileError(
            f"读写文件“{path.name}”时出错（文件被设为只读、U 盘被拔出或磁盘故障），修改未写入。"
        )
    if "readonly" in text or "read-only" in text:
        return DepartmentFileError(f"文件“{path.name}”不可写，修改未保存。")
    return DepartmentFileError(f"保存到“{path.name}”失败，修改未写入：{text}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some Windows setups
        return "未知用户"
