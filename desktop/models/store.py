"""Opening, creating and writing the department file; every write is one SQLite transaction.

Opening a file (verifying it, taking the lock, reading the ledger) uses the driver's connection
alone; SQLAlchemy, slow to import, is imported with the first write through it (`transaction()`,
`reading()`), and works on that same connection.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import DepartmentFileError
from desktop.models import schema_ddl, verify
from desktop.models.connect import copy_into, journal_path, ro_uri
from desktop.models.repositories import ExplanationsRepository, SettingsRepository
from desktop.records import FILE_KINDS
from desktop.system_errors import reason

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

SQLITE_MAGIC = b"SQLite format 3\x00"
FILE_SUFFIX = ".budget"


@dataclass(frozen=True)
class LockHolder:
    """Who has the file open for editing (the lock row written by that instance)."""

    host: str
    pid: int
    user: str
    opened_at: str

    def describe(self) -> str:
        return f"{self.user}（计算机 {self.host}，进程 {self.pid}）于 {self.opened_at}"


class FileLockedError(DepartmentFileError):
    """Another running instance holds the file; it may still be opened read-only.

    `holder` names it when known; if that instance is gone (a crash on another computer, a USB
    stick pulled), the user may open with `force_unlock=True` after confirming.
    """

    def __init__(self, message: str, holder: LockHolder | None = None) -> None:
        super().__init__(message)
        self.holder = holder


def _read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) read straight from the 100-byte SQLite header."""
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DepartmentFileError(f"“{path.name}”不是部门预算文件（文件已损坏或格式不对）。")
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    return application_id, user_version


def _connect(path: Path, readonly: bool, memory_copy: bool = False) -> sqlite3.Connection:
    """The driver's connection to `path`, set up as every connection of ours is."""
    if memory_copy:
        # A read-only view of an older file (upgraded in memory) or of a file with a hot journal
        # (recovered in memory): the file itself untouched.
        raw = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            copy_into(path, raw)
        except BaseException:
            raw.close()
            raise
    elif readonly:
        raw = sqlite3.connect(ro_uri(path), uri=True, check_same_thread=False)
    else:
        raw = sqlite3.connect(str(path), check_same_thread=False)
    try:
        # Take transaction control from the sqlite3 module so BEGIN/COMMIT are ours.
        raw.isolation_level = None
        raw.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            # DELETE journal + FULL sync: works on network drives and survives power loss.
            raw.execute("PRAGMA journal_mode=DELETE")
            raw.execute("PRAGMA synchronous=FULL")
    except BaseException:
        raw.close()
        raise
    return raw


def _make_engine(raw: sqlite3.Connection, readonly: bool) -> Engine:
    """An SQLAlchemy engine whose one connection is `raw` (closed when the engine is disposed)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001 - DB-API objects
        dbapi_conn.isolation_level = None  # as _connect left it: BEGIN/COMMIT are ours

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN IMMEDIATE" if not readonly else "BEGIN")

    return engine


class DepartmentFile:
    """An open department file. Use `transaction()` for every write."""

    def __init__(self, path: Path, raw: sqlite3.Connection, readonly: bool) -> None:
        self.path = path
        self._raw = raw
        self._engine: Engine | None = None
        self.readonly = readonly
        self._lock_row: tuple[str, int] | None = None
        self.migrated_from: int | None = None  # the version this file was upgraded from, if any
        self.migration_backup: Path | None = None
        self.notice = ""  # a Chinese note for the user about how the file was opened
        self._identity = _identity(path)
        self._before_write: list[Callable[[], None]] = []
        self.settings = SettingsRepository(self)
        self.explanations = ExplanationsRepository(self)

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | os.PathLike,
        code: str,
        name: str,
        fiscal_year: int,
        kind: str = "budget",
    ) -> DepartmentFile:
        """Create a new, empty department file (kind budget or final); never overwrites a file."""
        path = Path(path)
        if path.exists():
            raise DepartmentFileError(f"文件“{path}”已存在，不会被覆盖。请换一个文件名。")
        if not code.strip() or not name.strip():
            raise DepartmentFileError("部门编码和部门名称不能为空。")
        if kind not in FILE_KINDS:
            raise DepartmentFileError(f"文件类别“{kind}”无效，应为部门预算或部门决算。")
        tmp = path.with_name(path.name + ".creating")
        tmp.unlink(missing_ok=True)
        from sqlalchemy import insert

        from desktop.models import schema

        try:
            engine = _make_engine(_connect(tmp, readonly=False), readonly=False)
            with engine.begin() as conn:
                schema.metadata.create_all(conn)
                conn.execute(
                    insert(schema.department).values(
                        id=1,
                        code=code.strip(),
                        name=name.strip(),
                        fiscal_year=fiscal_year,
                        kind=kind,
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
    def open(
        cls, path: str | os.PathLike, readonly: bool = False, force_unlock: bool = False
    ) -> DepartmentFile:
        """Open an existing department file after checking that it is ours and not newer.

        Schema, values and references are verified before anything is written (the lock row, a
        migration) and before any backup. `force_unlock` clears another instance's lock: only
        after the user confirmed that instance is gone.
        """
        path = Path(path)
        if not path.exists():
            raise DepartmentFileError(f"找不到文件“{path}”。")
        if path.is_dir():
            raise DepartmentFileError(f"“{path}”是一个文件夹，不是部门预算文件。")
        try:
            app_id, version = _read_header(path)
        except OSError as exc:
            raise DepartmentFileError(f"无法读取文件“{path}”：{reason(exc)}。") from exc
        if app_id != schema_ddl.APPLICATION_ID:
            raise DepartmentFileError(f"“{path.name}”是其他软件的数据库文件，不是部门预算文件。")
        if version > schema_ddl.SCHEMA_VERSION:
            raise DepartmentFileError(
                f"“{path.name}”由更新版本的部门预算编制软件保存（文件版本 {version}），"
                f"本软件只支持到版本 {schema_ddl.SCHEMA_VERSION}。请升级软件后再打开。"
            )
        if version < 1:
            raise DepartmentFileError(f"“{path.name}”不是完整的部门预算文件（没有版本号）。")
        if not readonly and not os.access(path, os.W_OK):
            raise DepartmentFileError(
                f"文件“{path.name}”是只读的，无法保存修改。可以用只读方式打开。"
            )
        old = version < schema_ddl.SCHEMA_VERSION
        hot_journal = readonly and journal_path(path).exists()
        try:
            raw = _connect(path, readonly, memory_copy=readonly and (old or hot_journal))
            dfile = cls(path, raw, readonly)
        except (OSError, sqlite3.Error) as exc:
            raise _open_error(exc, path) from exc
        try:
            if readonly and hot_journal:  # the copy was made (and recovered if need be)
                dfile.notice = (
                    f"文件“{path.name}”上留有一次未完成的修改（编辑它的程序异常退出）。"
                    "以只读方式显示最后一次保存的内容；以编辑方式打开时会自动撤销那次未完成的修改。"
                )
            if old and not readonly:
                _verify_upgraded_copy(path, version)
            else:
                if old:
                    dfile._migrate_view(version)
                dfile._verify()
            if old and not readonly:
                dfile._migrate(version)
            if not readonly:
                dfile._acquire_lock(force_unlock)
        except BaseException as exc:
            dfile._dispose()
            if isinstance(exc, (sqlite3.Error, OSError, UnicodeError)):
                raise _open_error(exc, path) from exc
            orig = getattr(exc, "orig", None)
            if isinstance(orig, sqlite3.Error):
                raise _open_error(orig, path) from exc
            raise
        return dfile

    def _verify(self) -> None:
        """Integrity, schema, values and references of the open database (see verify.py)."""
        _verify_connection(self._raw, self.path.name)

    def _migrate(self, version: int) -> None:  # verified on a copy first: _verify_upgraded_copy
        """Back the file up, then upgrade it in one transaction (all steps or none)."""
        from desktop.models import migrations
        from desktop.models.backup import make_backup

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
        from desktop.models import migrations

        with self.engine.begin() as conn:
            migrations.upgrade(conn, version)
        self.migrated_from = version

    # -- one writer -------------------------------------------------------------------------
    def _acquire_lock(self, force_unlock: bool = False) -> None:
        host, pid = socket.gethostname(), os.getpid()
        with self._raw_transaction() as raw:
            for row in raw.execute("SELECT host, pid, user, opened_at FROM app_lock").fetchall():
                holder = LockHolder(*row)
                if holder.host == host and holder.pid == pid:
                    continue
                if holder.host == host and not holder_alive(holder):
                    continue  # stale lock of a crashed instance on this PC: cleared below
                if force_unlock:
                    continue  # the user confirmed the holder is gone (another PC, a power cut)
                raise FileLockedError(
                    f"文件“{self.path.name}”正被 {holder.describe()} 打开。"
                    "为避免互相覆盖，只能以只读方式打开。如果确认那台计算机上的程序已经关闭"
                    "（例如断电或 U 盘被拔出后留下的记录），可以强制解除。",
                    holder,
                )
            raw.execute("DELETE FROM app_lock")
            raw.execute(
                "INSERT INTO app_lock (host, pid, user, opened_at) VALUES (?, ?, ?, ?)",
                (host, pid, _user_name(), dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
            )
        self._lock_row = (host, pid)

    def close(self) -> None:
        if self._lock_row is not None:
            try:
                with self._raw_transaction() as raw:
                    raw.execute("DELETE FROM app_lock WHERE host = ? AND pid = ?", self._lock_row)
            except Exception:  # noqa: BLE001 - closing must not fail; a stale lock is cleared later
                pass
            self._lock_row = None
        self._dispose()

    def _dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()  # closes the connection
        else:
            self._raw.close()

    # -- access --------------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine on the file's connection (made, and SQLAlchemy imported, on
        first use)."""
        if self._engine is None:
            self._engine = _make_engine(self._raw, self.readonly)
        return self._engine

    def before_first_write(self, callback: Callable[[], None]) -> None:
        """Run `callback` once, before the next write transaction begins (e.g. the backup of
        the file as it was opened, when nothing took it earlier)."""
        self._before_write.append(callback)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction: all statements commit together or none does."""
        if self.readonly:
            raise DepartmentFileError("文件以只读方式打开，不能修改。")
        while self._before_write:
            self._before_write.pop(0)()
        try:
            with self.engine.begin() as conn:
                yield conn
        except (sqlite3.Error, UnicodeEncodeError) as exc:
            raise _translate(exc, self.path, self._moved()) from exc
        except Exception as exc:
            orig = getattr(exc, "orig", None)
            if isinstance(orig, (sqlite3.Error, UnicodeEncodeError)):
                raise _translate(orig, self.path, self._moved()) from exc
            if isinstance(exc.__cause__, UnicodeEncodeError):
                raise _translate(exc.__cause__, self.path, False) from exc
            raise

    @contextmanager
    def _raw_transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on the driver's connection, errors told as `transaction()`."""
        if self.readonly:
            raise DepartmentFileError("文件以只读方式打开，不能修改。")
        raw = self._raw
        try:
            raw.execute("BEGIN IMMEDIATE")
            try:
                yield raw
                raw.execute("COMMIT")
            except BaseException:
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
                raise
        except (sqlite3.Error, UnicodeEncodeError) as exc:
            raise _translate(exc, self.path, self._moved()) from exc

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """The driver's connection inside a read transaction: one state of the file, read
        without SQLAlchemy (inside a transaction already begun: that one)."""
        raw = self._raw
        if raw.in_transaction:
            yield raw
            return
        raw.execute("BEGIN")
        try:
            yield raw
        finally:
            if raw.in_transaction:
                raw.execute("ROLLBACK")

    def _moved(self) -> bool:
        """True if the path no longer names the file that was opened (moved, renamed, deleted)."""
        return self._identity is not None and _identity(self.path) != self._identity

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def __enter__(self) -> DepartmentFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _verify_connection(raw: sqlite3.Connection, name: str) -> None:
    verify.check_integrity(raw, name)
    verify.check_schema(raw, name)
    verify.check_values(raw, name)
    verify.check_references(raw, name)


def _verify_upgraded_copy(path: Path, version: int) -> None:
    """Upgrade an in-memory copy of an older file and verify it, before backup and migration."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from desktop.models import migrations

    memory = sqlite3.connect(":memory:")
    try:
        copy_into(path, memory)
        engine = create_engine("sqlite://", creator=lambda: memory, poolclass=StaticPool)
        try:
            with engine.begin() as conn:
                migrations.upgrade(conn, version)
        except Exception as exc:  # noqa: BLE001 - any failure: the file stays as it is
            raise DepartmentFileError(
                f"文件“{path.name}”从版本 {version} 升级失败，文件保持原样：{exc}"
            ) from exc
        _verify_connection(memory, path.name)
    finally:
        memory.close()


def _open_error(exc: BaseException, path: Path) -> DepartmentFileError:
    """A Chinese message for a failure while opening (never SQLite's English text alone)."""
    text = str(exc)
    if isinstance(exc, OSError):
        return DepartmentFileError(f"无法读取文件“{path.name}”：{exc.strerror or text}")
    if "readonly" in text or "read-only" in text:
        return DepartmentFileError(
            f"文件“{path.name}”上留有未完成的修改，但它所在的位置不可写，无法恢复。"
            "请把文件复制到可写的文件夹后再打开。"
        )
    if "locked" in text or "busy" in text:
        return FileLockedError(f"文件“{path.name}”正被其他程序使用，请稍后再打开。")
    if "unable to open" in text:
        return DepartmentFileError(f"无法打开文件“{path.name}”（文件夹不可读或文件已被移走）。")
    if "mismatch" in text or "view" in text or "trigger" in text or "no such" in text:
        return DepartmentFileError(
            f"“{path.name}”的数据库结构不是本软件建立的（{_english(text)}），文件未打开。"
            "请从备份恢复。"
        )
    return DepartmentFileError(
        f"文件“{path.name}”已损坏，无法打开（{_english(text)}）。请从备份恢复。"
    )


def _english(text: str) -> str:
    return f"SQLite 报告：{text}"


def _translate(exc: BaseException, path: Path, moved: bool = False) -> DepartmentFileError:
    """A Chinese message for a failed write; the transaction has been rolled back."""
    if moved:
        return DepartmentFileError(
            f"文件“{path.name}”在打开期间被移动、改名或删除，修改未写入。"
            "请关闭它，再从新的位置打开。"
        )
    if isinstance(exc, UnicodeEncodeError):
        bad = exc.object[exc.start : exc.end] if isinstance(exc.object, str) else ""
        code = " ".join(f"U+{ord(c):04X}" for c in bad)
        return DepartmentFileError(
            f"文本中有无法保存的字符（{code}，通常来自损坏的复制粘贴），修改未写入。请删除该字符后重试。"
        )
    text = str(exc)
    if "foreign key mismatch" in text or "because it is a view" in text:
        return DepartmentFileError(
            f"“{path.name}”的数据库结构不是本软件建立的，修改未写入。请从备份恢复。"
        )
    if "UNIQUE constraint failed" in text:
        return DepartmentFileError("要保存的记录与文件中已有的记录重复，修改未写入。")
    if "FOREIGN KEY constraint failed" in text:
        return DepartmentFileError("要保存的记录引用了不存在的单位、项目或专项资金，修改未写入。")
    if "constraint failed" in text:
        return DepartmentFileError(
            f"要保存的数据不符合文件的约束，修改未写入（{_english(text)}）。"
        )
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
    return DepartmentFileError(f"保存到“{path.name}”失败，修改未写入（{_english(text)}）。")


def holder_alive(holder: LockHolder) -> bool:
    """Is the lock holder (on this computer) still running? A reused PID does not count.

    The process now owning the PID must have started before the lock was written (opened_at has
    minute precision, so a start a minute or more after it proves another process).
    """
    if not _pid_alive(holder.pid):
        return False
    started = _process_start(holder.pid)
    if started is None:
        return True
    try:
        opened = dt.datetime.strptime(holder.opened_at, "%Y-%m-%d %H:%M")
    except ValueError:
        return True
    return started < opened + dt.timedelta(minutes=1)


def _process_start(pid: int) -> dt.datetime | None:
    """Local start time of a process (Linux /proc); None where it cannot be known."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        boot = next(
            int(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        hz = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return dt.datetime.fromtimestamp(boot + ticks / hz)


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
