"""Chinese wording for the operating system's and SQLite's errors.

`str(OSError)` is English ("[Errno 2] No such file or directory"); a message shown to the
accountant must say the same thing in Chinese, so every place that reports an OSError or a
sqlite3.Error to the user words it with `reason` instead of embedding the exception.
"""

from __future__ import annotations

import errno

_OS_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EIO: "读写磁盘时出错（磁盘或 U 盘可能有故障）",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "打开的文件太多",
    errno.EXDEV: "不能跨磁盘移动文件",
    errno.ENOTEMPTY: "文件夹不是空的",
    errno.ELOOP: "路径中的符号链接形成了循环",
    errno.EFBIG: "文件太大",
    errno.EDQUOT: "超出了磁盘配额",
    errno.ETIMEDOUT: "操作超时（网络磁盘可能已断开）",
    errno.EINVAL: "文件名或参数无效",
}


def reason(exc: BaseException, *, writing: bool = False) -> str:
    """Why an operation failed, in Chinese, without the system's English text.

    `writing` tells a missing folder (when creating a file) from a missing file (when reading).
    """
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOENT:
            return "目标文件夹不存在" if writing else "文件或文件夹不存在"
        if exc.errno in _OS_REASONS:
            return _OS_REASONS[exc.errno]
        if exc.errno is not None:
            return f"操作系统报告错误（错误号 {exc.errno}）"
        return "操作系统报告错误"
    if _is_sqlite_error(exc):
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return "文件正被其他程序使用（数据库已锁定）"
        if "disk i/o" in text:
            return "读写磁盘时出错（磁盘或 U 盘可能有故障）"
        if "full" in text:
            return "磁盘空间不足"
        if "readonly" in text or "read-only" in text:
            return "文件是只读的"
        if "malformed" in text or "not a database" in text:
            return "文件已损坏或不是部门预算文件"
        return "数据库报告错误"
    return "发生了意外错误"


def _is_sqlite_error(exc: BaseException) -> bool:
    """An sqlite3.Error, recognised without importing sqlite3 (only the store may)."""
    return any(cls.__module__ == "sqlite3" for cls in type(exc).__mro__)
