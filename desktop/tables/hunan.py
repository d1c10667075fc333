"""Tables 1–21 of the Hunan set, for code that names them: the data is resources/packs/hunan-2025."""

from __future__ import annotations

from desktop.packs.registry import DEFAULT_PACK, get_pack

HUNAN_TABLES = get_pack(DEFAULT_PACK).tables
