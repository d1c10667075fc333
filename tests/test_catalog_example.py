"""The example catalog workbook the README's catalog-import line names imports as the 2026 catalog."""

from __future__ import annotations

from desktop.catalog import load_catalog, load_catalog_dir
from desktop.catalog_import import import_catalog
from desktop.resources import resource

EXAMPLE = "科目表示例.xlsx"


def test_the_example_workbook_is_the_2026_catalog(tmp_path):
    folder = import_catalog(2027, resource("examples", EXAMPLE), tmp_path)
    imported = load_catalog_dir(folder, 2027)
    bundled = load_catalog(2026)
    assert len(imported.function) == len(bundled.function) == 1642
    assert len(imported.dept_econ) == len(bundled.dept_econ) == 110
    assert len(imported.gov_econ) == len(bundled.gov_econ) == 80
    assert imported.function_name("2060101") == "行政运行"
    assert imported.function == bundled.function
    for name in ("function.csv", "dept_econ.csv", "gov_econ.csv", "econ_mapping.csv"):
        assert (folder / name).read_text(encoding="utf-8") == resource(
            "catalogs", "2026", name
        ).read_text(encoding="utf-8"), name
