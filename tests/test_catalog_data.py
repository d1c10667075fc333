"""The bundled 2025/2026 catalogs against the seed budget documents and their own structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.catalog import load_catalog_dir
from desktop.resources import resource

YEARS = (2025, 2026)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "CATALOGS.md"

# Taken from seed 000 (2025 部门预算公开表, 株洲市荷塘区科技和工业信息化局), table 3 支出总表 and
# table 7 一般公共预算支出表: every function code printed with its name.
SEED000_FUNCTION = {
    "206": "科学技术支出",
    "20601": "科学技术管理事务",
    "2060101": "行政运行",
    "2060102": "一般行政管理事务",
    "2060103": "机关服务",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "20899": "其他社会保障和就业支出",
    "2089999": "其他社会保障和就业支出",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "2101199": "其他行政事业单位医疗支出",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
}

# Taken from seed 000 table 8 一般公共预算基本支出表: department economic codes printed with names.
SEED000_DEPT_ECON = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30228": "工会经费",
    "30229": "福利费",
    "30239": "其他交通费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30302": "退休费",
    "30307": "医疗费补助",
    "30399": "其他对个人和家庭的补助",
    "310": "资本性支出",
    "31002": "办公设备购置",
}

# Taken from seed 000 tables 10, 12 and 14: column headings of the department economic 款
# (printed without codes), by 类.
SEED000_DEPT_ECON_HEADINGS = {
    "301": "基本工资 津贴补贴 奖金 绩效工资 机关事业单位基本养老保险缴费 职业年金缴费 职工基本医疗保险缴费 "
    "公务员医疗补助缴费 其他社会保障缴费 住房公积金 伙食补助费 医疗费 其他工资福利支出",
    "303": "离休费 退休费 退职（役）费 抚恤金 生活补助 救济费 医疗费补助 助学金 奖励金 代缴社会保险费 "
    "个人农业生产补贴 其他对个人和家庭的补助",
    "302": "办公费 印刷费 咨询费 手续费 水费 电费 邮电费 取暖费 物业管理费 差旅费 因公出国（境）费用 "
    "维修（护）费 租赁费 会议费 培训费 公务接待费 专用材料费 被装购置费 专用燃料费 劳务费 委托业务费 "
    "工会经费 福利费 公务用车运行维护费 其他交通费用 税金及附加费用 其他商品和服务支出",
}

# Taken from seed 000 table 1 收支总表: the 30 function 类 in printed order (（一）…（三十）).
SEED000_FUNCTION_CLASSES = (
    "一般公共服务支出 外交支出 国防支出 公共安全支出 教育支出 科学技术支出 文化旅游体育与传媒支出 "
    "社会保障和就业支出 社会保险基金支出 卫生健康支出 节能环保支出 城乡社区支出 农林水支出 交通运输支出 "
    "资源勘探工业信息等支出 商业服务业等支出 金融支出 援助其他地区支出 自然资源海洋气象等支出 住房保障支出 "
    "粮油物资储备支出 国有资本经营预算支出 灾害防治及应急管理支出 预备费 其他支出 转移性支出 债务还本支出 "
    "债务付息支出 债务发行费用支出 抗疫特别国债安排的支出"
).split()

# Taken from seed 000 tables 9, 11 and 13: government economic headings (printed without codes).
SEED000_GOV_HEADINGS = {
    "50101": "工资奖金津补贴",
    "50102": "社会保障缴费",
    "50103": "住房公积金",
    "50199": "其他工资福利支出",
    "50201": "办公经费",
    "50202": "会议费",
    "50203": "培训费",
    "50204": "专用材料购置费",
    "50205": "委托业务费",
    "50206": "公务接待费",
    "50207": "因公出国（境）费用",
    "50208": "公务用车运行维护费",
    "50299": "其他商品和服务支出",
    "50501": "工资福利支出",
    "50502": "商品和服务支出",
    "50599": "其他对事业单位补助",
    "50902": "助学金",
    "50903": "个人农业生产补贴",
    "50905": "离退休费",
}

# Labels seed 000 prints that differ from the official names kept in the catalog.
SEED000_LABEL_DIFFERENCES = {
    "50901": "社会福利和救济",
    "50999": "其他对个人和家庭的补助",
    "50209": "维修(护)费",
    "503": "机关资本性支出",
    "504": "机关资本性支出（基本建设）",
}

# 款 that have no 项 in the official list: the 款 itself is the lowest level.
TERMINAL_FUNCTION_KUAN = {
    "21211", "22902",
    "21901", "21902", "21903", "21904", "21905", "21906", "21907", "21908", "21999",
    "23001", "23002", "23003", "23004", "23005", "23006", "23008", "23009", "23010", "23011",
    "23013", "23015",
    "23101", "23102", "23104", "23201", "23202", "23204",
    "23301", "23302", "23303", "23304",
}  # fmt: skip

CODE_LENGTH = {"类": 3, "款": 5, "项": 7}


@pytest.fixture(scope="module", params=YEARS)
def catalog(request):
    return load_catalog_dir(resource("catalogs", str(request.param)), request.param)


@pytest.fixture(scope="module")
def catalog_2025():
    return load_catalog_dir(resource("catalogs", "2025"), 2025)


@pytest.mark.parametrize("code,name", sorted(SEED000_FUNCTION.items()))
def test_seed_function_codes_exist_with_same_name(catalog_2025, code, name):
    assert catalog_2025.function_name(code) == name


@pytest.mark.parametrize("code,name", sorted(SEED000_DEPT_ECON.items()))
def test_seed_dept_econ_codes_exist_with_same_name(catalog_2025, code, name):
    assert catalog_2025.dept_econ_name(code) == name


def test_seed_dept_econ_headings_are_the_kuan_of_their_class(catalog_2025):
    for cls, headings in SEED000_DEPT_ECON_HEADINGS.items():
        names = {e.name for e in catalog_2025.dept_econ.values() if e.parent == cls}
        assert set(headings.split()) == names, cls


def test_function_classes_match_seed_order(catalog):
    classes = sorted(
        (e for e in catalog.function.values() if e.level == "类"), key=lambda e: e.code
    )
    assert [e.name for e in classes] == SEED000_FUNCTION_CLASSES


def test_gov_econ_headings_match(catalog_2025):
    for code, name in SEED000_GOV_HEADINGS.items():
        assert catalog_2025.gov_econ_name(code) == name


def test_label_differences_keep_official_name_and_are_documented(catalog_2025):
    docs = DOCS.read_text(encoding="utf-8")
    for code, label in SEED000_LABEL_DIFFERENCES.items():
        official = catalog_2025.gov_econ_name(code)
        assert official and official != label
        assert label in docs and official in docs, code


@pytest.mark.parametrize("table", ["function", "dept_econ", "gov_econ"])
def test_hierarchy_is_consistent(catalog, table):
    entries = getattr(catalog, table)
    for code, entry in entries.items():
        assert code.isdigit() and len(code) == CODE_LENGTH[entry.level], code
        if entry.level == "类":
            assert entry.parent == "", code
            continue
        parent = entries.get(entry.parent)
        assert parent is not None, f"{code}: parent {entry.parent} missing"
        assert code.startswith(parent.code)
        assert parent.level == ("类" if entry.level == "款" else "款"), code
    if table != "function":
        assert all(e.level != "项" for e in entries.values())


def test_every_function_class_and_kuan_has_children(catalog):
    children: dict[str, int] = {}
    for e in catalog.function.values():
        children[e.parent] = children.get(e.parent, 0) + 1
    without_items = {
        e.code for e in catalog.function.values() if e.level == "款" and e.code not in children
    }
    assert without_items == TERMINAL_FUNCTION_KUAN
    classes_without_kuan = {
        e.code for e in catalog.function.values() if e.level == "类" and e.code not in children
    }
    assert classes_without_kuan == {"227"}  # 预备费 has no 款


def test_every_dept_econ_kuan_maps_to_existing_gov_kuan(catalog):
    for entry in catalog.dept_econ_sections():
        for table in (catalog.gov_for_agency, catalog.gov_for_institution):
            target = table.get(entry.code)
            assert target, entry.code
            assert catalog.gov_econ[target].level == "款", (entry.code, target)
    assert set(catalog.gov_for_agency) == {e.code for e in catalog.dept_econ_sections()}


def test_mapping_follows_unit_kind_rules(catalog):
    agency_class = {"301": "501", "302": "502", "310": "503", "309": "504"}
    institution_class = {"301": "505", "302": "505", "310": "506", "309": "506"}
    for entry in catalog.dept_econ_sections():
        agency = catalog.gov_econ_for(entry.code, "agency")
        institution = catalog.gov_econ_for(entry.code, "institution")
        assert catalog.gov_econ_for(entry.code, "civil_service_like") == agency
        if entry.parent in agency_class:
            assert agency[:3] == agency_class[entry.parent], entry.code
            assert institution[:3] == institution_class[entry.parent], entry.code
        else:
            assert agency == institution, entry.code


@pytest.mark.parametrize(
    "dept,gov",
    [
        # seed 000 tables 9/10: 工资奖金津补贴 131.17 = 30101+30102+30103+30107
        *[(c, "50101") for c in ("30101", "30102", "30103", "30107")],
        # seed 000 tables 9/10: 社会保障缴费 47.85 = 30108..30112
        *[(c, "50102") for c in ("30108", "30109", "30110", "30111", "30112")],
        ("30113", "50103"),
        # seed 000 tables 11/12: 退休费 → 离退休费, 医疗费补助 → 社会福利和救济, 其他 → 其他
        ("30302", "50905"),
        ("30307", "50901"),
        ("30399", "50999"),
        # seed 000 tables 13/14: 办公经费 23.92 = 30201+30228+30229+30239; 30299 → 50299
        *[(c, "50201") for c in ("30201", "30228", "30229", "30239")],
        ("30299", "50299"),
    ],
)
def test_mapping_spot_checks_from_seed(catalog_2025, dept, gov):
    assert catalog_2025.gov_econ_for(dept, "agency") == gov


def test_office_equipment_is_capital_expenditure_one(catalog):
    # seed 000 table 8 puts 31002 under 310 and the 收支总表 shows it as 机关资本性支出（not 基本建设）
    assert catalog.gov_econ_for("31002", "agency") == "50306"
    assert catalog.gov_econ_for("31002", "agency").startswith("503")
    assert catalog.gov_econ_for("31002", "institution") == "50601"
    assert catalog.gov_econ_for("30902", "agency").startswith("504")
    assert catalog.gov_econ_for("30902", "institution") == "50602"


def test_seed_codes_also_exist_in_2026():
    cat = load_catalog_dir(resource("catalogs", "2026"), 2026)
    for code, name in SEED000_FUNCTION.items():
        assert cat.function_name(code) == name
    for code, name in SEED000_DEPT_ECON.items():
        assert cat.dept_econ_name(code) == name


def test_every_row_states_its_provenance():
    import csv

    for year in YEARS:
        for name in ("function.csv", "dept_econ.csv", "gov_econ.csv", "econ_mapping.csv"):
            path = resource("catalogs", str(year), name)
            with path.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    assert row["note"].strip(), (year, name, row)
