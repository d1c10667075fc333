"""Tables 1–21 of the Hunan public department-budget set (部门预算公开表), as in seed 000.

Labels are printed exactly as the published set prints them. Where the published layout has no
place for a figure, the comment at the spec says where it goes and why.
"""

from __future__ import annotations

from desktop.tables.spec import (
    Block,
    Col,
    Group,
    Item,
    ListingSpec,
    RowAxis,
    Selector,
    TableSpec,
)

EMPTY_NOTE = "注：如本表格为空，则表示本年度未安排此项目。"
EXP = Selector()
INC = Selector(source="income")
GP = Selector(budget_types=("gp",))
BASIC = ("personnel", "operating")


def S(**kw) -> Selector:  # noqa: N802 - reads like a table cell formula
    return Selector(**kw)


def econ(*codes: str, **kw) -> Selector:
    return Selector(econ=codes, **kw)


def gov(*codes: str, **kw) -> Selector:
    return Selector(gov=codes, **kw)


def fund(*codes: str) -> Selector:
    return Selector(source="income", funds=codes)


# -- text columns ------------------------------------------------------------------------------
FUNCTION_PARTS = Group(
    "功能科目",
    (Col("类", text="class"), Col("款", text="section"), Col("项", text="item")),
    stretch=True,
)
FUNCTION_CODE_COLUMNS = (FUNCTION_PARTS, Col("科目编码", text="code"), Col("科目名称", text="name"))
FUNCTION_UNIT_COLUMNS = (
    FUNCTION_PARTS,
    Col("单位代码", text="code"),
    Col("单位名称（功能科目）", text="name"),
)
CODE_NAME_COLUMNS = (Col("科目编码", text="code"), Col("科目名称", text="name"))

# 支出功能分类 类 as listed in 收支总表 and 财政拨款收支总表.
FUNCTION_CLASSES = (
    ("201", "（一）一般公共服务支出"),
    ("202", "（二）外交支出"),
    ("203", "（三）国防支出"),
    ("204", "（四）公共安全支出"),
    ("205", "（五）教育支出"),
    ("206", "（六）科学技术支出"),
    ("207", "（七）文化旅游体育与传媒支出"),
    ("208", "（八）社会保障和就业支出"),
    ("209", "（九）社会保险基金支出"),
    ("210", "（十）卫生健康支出"),
    ("211", "（十一）节能环保支出"),
    ("212", "（十二）城乡社区支出"),
    ("213", "（十三）农林水支出"),
    ("214", "（十四）交通运输支出"),
    ("215", "（十五）资源勘探工业信息等支出"),
    ("216", "（十六）商业服务业等支出"),
    ("217", "（十七）金融支出"),
    ("219", "（十八）援助其他地区支出"),
    ("220", "（十九）自然资源海洋气象等支出"),
    ("221", "（二十）住房保障支出"),
    ("222", "（二十一）粮油物资储备支出"),
    ("223", "（二十二）国有资本经营预算支出"),
    ("224", "（二十三）灾害防治及应急管理支出"),
    ("227", "（二十四）预备费"),
    ("229", "（二十五）其他支出"),
    ("230", "（二十六）转移性支出"),
    ("231", "（二十七）债务还本支出"),
    ("232", "（二十八）债务付息支出"),
    ("233", "（二十九）债务发行费用支出"),
    ("234", "（三十）抗疫特别国债安排的支出"),
)

GOV_CLASSES = (
    ("501", "机关工资福利支出"),
    ("502", "机关商品和服务支出"),
    ("503", "机关资本性支出"),
    ("504", "机关资本性支出（基本建设）"),
    ("505", "对事业单位经常性补助"),
    ("506", "对事业单位资本性补助"),
    ("507", "对企业补助"),
    ("508", "对企业资本性支出"),
    ("509", "对个人和家庭的补助"),
    ("510", "对社会保障基金补助"),
    ("511", "债务利息及费用支出"),
    ("512", "债务还本支出"),
    ("513", "转移性支出"),
    ("599", "其他支出"),
)
CHINESE_ORDINALS = "一二三四五六七八九十"


def _ordinal(i: int) -> str:
    if i <= 10:
        return CHINESE_ORDINALS[i - 1]
    return "十" + CHINESE_ORDINALS[i - 11]


# -- 1 收支总表 ----------------------------------------------------------------------------------
INCOME_ITEMS = (
    Item("一、一般公共预算拨款收入", fund("gp")),
    Item("经费拨款", fund("gp_appropriation")),
    Item("纳入一般公共预算管理的非税收入拨款", fund("gp_nontax")),
    Item("行政事业性收费收入", fund("gp_nontax_fee")),
    Item("专项收入", fund("gp_nontax_special")),
    Item("国有资本经营收入", fund("gp_nontax_soe")),
    Item("国有资源（资产）有偿使用收入", fund("gp_nontax_resource")),
    Item("罚没收入", fund("gp_nontax_fine")),
    Item("捐赠收入", fund("gp_nontax_donation")),
    Item("政府住房基金收入", fund("gp_nontax_housing")),
    Item("其他纳入一般公共预算管理的非税收入", fund("gp_nontax_other")),
    Item("一般债券", fund("gp_bond")),
    Item("外国政府和国际组织贷款", fund("gp_foreign_loan")),
    Item("外国政府和国际组织捐赠", fund("gp_foreign_grant")),
    Item("二、政府性基金预算拨款收入", fund("gov_fund")),
    Item("三、国有资本经营预算拨款收入", fund("soe")),
    Item("四、社会保障基金预算资金", fund("social")),
    Item("五、财政专户管理资金收入", fund("special_account")),
    Item("六、上级财政补助收入", fund("upper")),
    Item("一般公共预算补助", fund("upper_gp")),
    Item("政府性基金补助", fund("upper_gov_fund")),
    Item("国有资本经营预算补助", fund("upper_soe")),
    Item("七、事业收入", fund("business_income")),
    Item("八、事业单位经营收入", fund("operating_income")),
    Item("九、上级单位补助收入", fund("upper_unit_subsidy")),
    Item("十、附属单位上缴收入", fund("affiliated_remit")),
    Item("十一、其他收入", fund("other_income")),
)
CURRENT_INCOME = Selector(source="income", exclude_funds=("carryover",))
EXPENDITURE_FOOTER = (
    Item("本 年 支 出 合 计", EXP),
    Item("年终结转结余"),
    Item("支 出 总 计", EXP),
)

# The published layout has no 资本性支出 line under 一、基本支出: 公用经费 (302 and the 310
# bought from basic expenditure) is printed as 商品和服务支出, as seed 000 does (28.40 = 27.95 + 0.45).
DEPT_ECON_ITEMS = (
    Item("一、基本支出", S(kinds=BASIC)),
    Item("工资福利支出", econ("301", kinds=BASIC)),
    Item("商品和服务支出", econ("302", "310", kinds=BASIC)),
    Item("对个人和家庭的补助", econ("303", kinds=BASIC)),
    Item("二、项目支出", S(kinds=("project",))),
    Item("按项目管理的工资福利支出", econ("301", kinds=("project",))),
    Item("按项目管理的商品和服务支出", econ("302", kinds=("project",))),
    Item("按项目管理的对个人和家庭的补助", econ("303", kinds=("project",))),
    Item("债务利息及费用支出", econ("307", kinds=("project",))),
    Item("资本性支出（基本建设）", econ("309", kinds=("project",))),
    Item("资本性支出", econ("310", kinds=("project",))),
    Item("对企业补助（基本建设）", econ("311", kinds=("project",))),
    Item("对企业补助", econ("312", kinds=("project",))),
    Item("对社会保障基金补助", econ("313", kinds=("project",))),
    Item("其他支出", econ("399", kinds=("project",))),
    Item("三、事业单位经营服务支出", S(kinds=("business",))),
)

SUMMARY = ListingSpec(
    number=1,
    key="summary",
    title="收支总表",
    groups=(
        (
            "收入",
            (
                Block(
                    "项目",
                    "预算数",
                    INCOME_ITEMS,
                    (
                        Item("本 年 收 入 合 计", CURRENT_INCOME),
                        Item("上年结转结余", fund("carryover")),
                        Item("收 入 总 计", INC),
                    ),
                ),
            ),
        ),
        (
            "支出",
            (
                Block(
                    "项目（按功能分类）",
                    "预算数",
                    tuple(Item(label, S(function=(code,))) for code, label in FUNCTION_CLASSES),
                    EXPENDITURE_FOOTER,
                ),
                Block("项目（按部门预算经济分类）", "预算数", DEPT_ECON_ITEMS, EXPENDITURE_FOOTER),
                Block(
                    "项目（按政府预算经济分类）",
                    "预算数",
                    tuple(
                        Item(f"{_ordinal(i)}、{label}", gov(code))
                        for i, (code, label) in enumerate(GOV_CLASSES, start=1)
                    ),
                    EXPENDITURE_FOOTER,
                ),
            ),
        ),
    ),
)

# -- 2 收入总表 (the seed page is illegible; the layout follows the income lines of table 1) ------
INCOME_TABLE = TableSpec(
    number=2,
    key="income_table",
    title="收入总表",
    rows=RowAxis("function"),
    filter=INC,
    columns=FUNCTION_CODE_COLUMNS
    + (
        Col("合计", INC),
        Group(
            "一般公共预算拨款收入",
            (
                Col("小计", fund("gp")),
                Col("经费拨款", fund("gp_appropriation")),
                Col("纳入一般公共预算管理的非税收入拨款", fund("gp_nontax")),
            ),
        ),
        Col("政府性基金预算拨款收入", fund("gov_fund")),
        Col("国有资本经营预算拨款收入", fund("soe")),
        Col("社会保障基金预算资金", fund("social")),
        Col("财政专户管理资金收入", fund("special_account")),
        Col("上级财政补助收入", fund("upper")),
        Col("事业收入", fund("business_income")),
        Col("事业单位经营收入", fund("operating_income")),
        Col("上级单位补助收入", fund("upper_unit_subsidy")),
        Col("附属单位上缴收入", fund("affiliated_remit")),
        Col("其他收入", fund("other_income")),
        Col("上年结转结余", fund("carryover")),
    ),
)

# -- 3 支出总表 ----------------------------------------------------------------------------------
EXPENDITURE_TABLE = TableSpec(
    number=3,
    key="expenditure_table",
    title="支出总表",
    rows=RowAxis("function"),
    columns=FUNCTION_CODE_COLUMNS
    + (
        Col("合计", EXP),
        Col("基本支出", S(kinds=BASIC)),
        Col("项目支出", S(kinds=("project",))),
        Col("事业单位经营支出", S(kinds=("business",))),
        Col("上缴上级支出", S(kinds=("remit_upper",))),
        Col("对附属单位补助支出", S(kinds=("affiliated",))),
    ),
)


def gov_class_columns(total_label: str) -> tuple:
    return (Col(total_label, EXP),) + tuple(Col(label, gov(code)) for code, label in GOV_CLASSES)


def dept_econ_summary_columns(with_project_personnel: bool) -> tuple:
    project = (("按项目管理的工资福利支出", "301"),) if with_project_personnel else ()
    project += (
        ("按项目管理的商品和服务支出", "302"),
        ("按项目管理的对个人和家庭的补助", "303"),
        ("债务利息及费用支出", "307"),
        ("资本性支出（基本建设）", "309"),
        ("资本性支出", "310"),
        ("对企业补助（基本建设）", "311"),
        ("对企业补助", "312"),
        ("对社会保障基金补助", "313"),
        ("其他支出", "399"),
    )
    return (
        Col("总 计", EXP),
        Group(
            "基本支出",
            (
                Col("合计", S(kinds=BASIC)),
                Col("工资福利支出", econ("301", kinds=BASIC)),
                # As in table 1, 公用经费 bought as 310 is printed with 商品和服务支出.
                Col("一般商品和服务支出", econ("302", "310", kinds=BASIC)),
                Col("对个人和家庭的补助", econ("303", kinds=BASIC)),
            ),
        ),
        Group(
            "项目支出",
            (Col("合计", S(kinds=("project",))),)
            + tuple(Col(label, econ(code, kinds=("project",))) for label, code in project),
        ),
    )


# -- 4, 5 支出预算分类汇总表 (illegible in the seed; same layout as tables 17 and 18) ------------
GOV_SUMMARY = TableSpec(
    number=4,
    key="gov_econ_summary",
    title="支出预算分类汇总表（按政府预算经济分类）",
    rows=RowAxis("function_unit"),
    columns=FUNCTION_UNIT_COLUMNS + gov_class_columns("总 计"),
)
DEPT_SUMMARY = TableSpec(
    number=5,
    key="dept_econ_summary",
    title="支出预算分类汇总表（按部门预算经济分类）",
    rows=RowAxis("function_unit"),
    columns=FUNCTION_UNIT_COLUMNS + dept_econ_summary_columns(with_project_personnel=True),
)

# -- 6 财政拨款收支总表 ---------------------------------------------------------------------------
FISCAL_CURRENT = ("gp", "gov_fund", "soe", "social")
FISCAL_CARRYOVER = ("carryover_gp", "carryover_gov_fund", "carryover_soe", "carryover_social")
FISCAL_EXP = Selector(funds=FISCAL_CURRENT + FISCAL_CARRYOVER)
APPROPRIATION_SUMMARY = ListingSpec(
    number=6,
    key="appropriation_summary",
    title="财政拨款收支总表",
    groups=(
        (
            "收入",
            (
                Block(
                    "项目",
                    "预算数",
                    (
                        Item("一、本年收入", fund(*FISCAL_CURRENT)),
                        Item("（一）一般公共预算拨款", fund("gp")),
                        Item("经费拨款", fund("gp_appropriation")),
                        Item("纳入一般公共预算管理的非税收入拨款", fund("gp_nontax")),
                        Item("（二）政府性基金预算拨款", fund("gov_fund")),
                        Item("（三）国有资本经营预算拨款", fund("soe")),
                        Item("（四）社会保险基金预算资金", fund("social")),
                        Item("二、上年结转", fund(*FISCAL_CARRYOVER)),
                        Item("（一）一般公共预算拨款", fund("carryover_gp")),
                        Item("（二）政府性基金预算拨款", fund("carryover_gov_fund")),
                        Item("（三）国有资本经营预算拨款", fund("carryover_soe")),
                        Item("（四）社会保险基金预算资金", fund("carryover_social")),
                    ),
                    (Item("收    入    总    计", fund(*FISCAL_CURRENT, *FISCAL_CARRYOVER)),),
                ),
            ),
        ),
        (
            "支出",
            (
                Block(
                    "项目",
                    "预算数",
                    (Item("一、本年支出", FISCAL_EXP),)
                    + tuple(
                        Item(label, Selector(function=(code,), funds=FISCAL_EXP.funds))
                        for code, label in FUNCTION_CLASSES
                    )
                    + (Item("二、年终结转结余"),),
                    (Item("支    出    总    计", FISCAL_EXP),),
                ),
            ),
        ),
    ),
)

# -- 7 一般公共预算支出表 -------------------------------------------------------------------------
GP_EXPENDITURE = TableSpec(
    number=7,
    key="gp_expenditure",
    title="一般公共预算支出表",
    rows=RowAxis("function"),
    filter=GP,
    columns=FUNCTION_CODE_COLUMNS
    + (
        Col("合计", EXP),
        Group(
            "基本支出",
            (
                Col("小计", S(kinds=BASIC)),
                Group(
                    "人员经费",
                    (
                        Col("工资福利支出", econ("301", kinds=("personnel",))),
                        Col("对个人和家庭的补助", econ("303", kinds=("personnel",))),
                    ),
                ),
                Col("公用经费", S(kinds=("operating",))),
            ),
        ),
        Col("项目支出", S(kinds=("project",))),
    ),
)

# -- 8 一般公共预算基本支出表 ---------------------------------------------------------------------
GP_BASIC = TableSpec(
    number=8,
    key="gp_basic",
    title="一般公共预算基本支出表",
    rows=RowAxis("econ"),
    filter=Selector(budget_types=("gp",), kinds=BASIC),
    orientation="portrait",
    unit_label="单位：万元",
    columns=(
        Group(
            "部门预算支出经济分类科目",
            (Col("科目代码", text="code"), Col("科目名称", text="name")),
            stretch=True,
        ),
        Group(
            "本年一般公共预算基本支出",
            (
                Col("合计", EXP),
                Col("人员经费", S(kinds=("personnel",))),
                Col("公用经费", S(kinds=("operating",))),
            ),
        ),
    ),
)


def _basic(number: int, key: str, title: str, econ_class: str, kind: str, columns: tuple):
    return TableSpec(
        number=number,
        key=key,
        title=title,
        rows=RowAxis("function_unit"),
        filter=Selector(budget_types=("gp",), kinds=(kind,), econ=(econ_class,)),
        columns=FUNCTION_UNIT_COLUMNS + columns,
    )


# -- 9–14 一般公共预算基本支出 detail tables ------------------------------------------------------
PERSONNEL_WAGES_GOV = _basic(
    9,
    "personnel_wages_gov",
    "一般公共预算基本支出表—人员经费(工资福利支出)(按政府预算经济分类)",
    "301",
    "personnel",
    (
        Col("总 计", EXP),
        Group(
            "机关工资福利支出",
            (
                Col("合计", gov("501")),
                Col("工资奖金津补贴", gov("50101")),
                Col("社会保障缴费", gov("50102")),
                Col("住房公积金", gov("50103")),
                Col("其他工资福利支出", gov("50199")),
            ),
        ),
        Group(
            "对事业单位经常性补助",
            (
                Col("合计", gov("505")),
                Col("工资福利支出", gov("50501")),
                Col("其他对事业单位补助", gov("50599")),
            ),
        ),
    ),
)
PERSONNEL_WAGES_DEPT = _basic(
    10,
    "personnel_wages_dept",
    "一般公共预算基本支出表—人员经费(工资福利支出)(按部门预算经济分类)",
    "301",
    "personnel",
    (
        Col("总 计", EXP),
        Group(
            "工资津补贴",
            (
                Col("合计", econ("30101", "30102", "30103", "30107")),
                Col("基本工资", econ("30101")),
                Col("津贴补贴", econ("30102")),
                Col("奖金", econ("30103")),
                Col("绩效工资", econ("30107")),
            ),
        ),
        Group(
            "社会保障缴费",
            (
                Col("合计", econ("30108", "30109", "30110", "30111", "30112")),
                Col("机关事业单位基本养老保险缴费", econ("30108")),
                Col("职业年金缴费", econ("30109")),
                Col("职工基本医疗保险缴费", econ("30110")),
                Col("公务员医疗补助缴费", econ("30111")),
                Col("其他社会保障缴费", econ("30112")),
            ),
        ),
        Col("住房公积金", econ("30113")),
        Group(
            "其他工资福利支出",
            (
                Col("合计", econ("30106", "30114", "30199")),
                Col("伙食补助费", econ("30106")),
                Col("医疗费", econ("30114")),
                Col("其他工资福利支出", econ("30199")),
            ),
        ),
    ),
)
PERSONNEL_FAMILY_GOV = _basic(
    11,
    "personnel_family_gov",
    "一般公共预算基本支出表—人员经费(对个人和家庭的补助)(按政府预算经济分类)",
    "303",
    "personnel",
    (
        Col("总计", EXP),
        Col("社会福利和救济", gov("50901")),
        Col("助学金", gov("50902")),
        Col("个人农业生产补贴", gov("50903")),
        Col("离退休费", gov("50905")),
        Col("其他对个人和家庭的补助", gov("50999")),
    ),
)
PERSONNEL_FAMILY_DEPT = _basic(
    12,
    "personnel_family_dept",
    "一般公共预算基本支出表—人员经费(对个人和家庭的补助)(按部门预算经济分类)",
    "303",
    "personnel",
    (Col("总计", EXP),)
    + tuple(
        Col(label, econ(code))
        for code, label in (
            ("30301", "离休费"),
            ("30302", "退休费"),
            ("30303", "退职（役）费"),
            ("30304", "抚恤金"),
            ("30305", "生活补助"),
            ("30306", "救济费"),
            ("30307", "医疗费补助"),
            ("30308", "助学金"),
            ("30309", "奖励金"),
            ("30311", "代缴社会保险费"),
            ("30310", "个人农业生产补贴"),
            ("30399", "其他对个人和家庭的补助"),
        )
    ),
)
OPERATING_GOV = _basic(
    13,
    "operating_gov",
    "一般公共预算基本支出表—公用经费(商品和服务支出)(按政府预算经济分类)",
    "302",
    "operating",
    (
        Col("总计", EXP),
        Group(
            "机关商品和服务支出",
            (Col("合计", gov("502")),)
            + tuple(
                Col(label, gov(code))
                for code, label in (
                    ("50201", "办公经费"),
                    ("50202", "会议费"),
                    ("50203", "培训费"),
                    ("50204", "专用材料购置费"),
                    ("50205", "委托业务费"),
                    ("50206", "公务接待费"),
                    ("50207", "因公出国（境）费用"),
                    ("50208", "公务用车运行维护费"),
                    ("50209", "维修(护)费"),
                    ("50299", "其他商品和服务支出"),
                )
            ),
        ),
        Group(
            "对事业单位经常性补助",
            (
                Col("合计", gov("505")),
                Col("商品和服务支出", gov("50502")),
                Col("其他对事业单位补助", gov("50599")),
            ),
        ),
    ),
)
OPERATING_DEPT_CODES = (
    ("30201", "办公费"),
    ("30202", "印刷费"),
    ("30203", "咨询费"),
    ("30204", "手续费"),
    ("30205", "水费"),
    ("30206", "电费"),
    ("30207", "邮电费"),
    ("30208", "取暖费"),
    ("30209", "物业管理费"),
    ("30211", "差旅费"),
    ("30212", "因公出国（境）费用"),
    ("30213", "维修（护）费"),
    ("30214", "租赁费"),
    ("30215", "会议费"),
    ("30216", "培训费"),
    ("30217", "公务接待费"),
    ("30218", "专用材料费"),
    ("30224", "被装购置费"),
    ("30225", "专用燃料费"),
    ("30226", "劳务费"),
    ("30227", "委托业务费"),
    ("30228", "工会经费"),
    ("30229", "福利费"),
    ("30231", "公务用车运行维护费"),
    ("30239", "其他交通费用"),
    ("30240", "税金及附加费用"),
    ("30299", "其他商品和服务支出"),
)
OPERATING_DEPT = _basic(
    14,
    "operating_dept",
    "一般公共预算基本支出表—公用经费(商品和服务支出)(按部门预算经济分类)",
    "302",
    "operating",
    (Col("总 计", EXP),) + tuple(Col(label, econ(code)) for code, label in OPERATING_DEPT_CODES),
)

# -- 15 三公经费 -----------------------------------------------------------------------------------
THREE_PUBLIC_COSTS = TableSpec(
    number=15,
    key="three_public_costs",
    title="一般公共预算“三公”经费支出表",
    rows=RowAxis("unit", show_empty_units=True),
    filter=GP,
    orientation="portrait",
    columns=(
        Col("单位编码", text="code"),
        Col("单位名称", text="name"),
        Col("“三公”经费合计", econ("30212", "30217", "30231", "31013")),
        Col("因公出国（境）费", econ("30212")),
        Group(
            "公务用车购置及运行费",
            (
                Col("小计", econ("31013", "30231")),
                Col("公务用车购置费", econ("31013")),
                Col("公务用车运行费", econ("30231")),
            ),
        ),
        Col("公务接待费", econ("30217")),
    ),
)


def _fund_expenditure(number: int, key: str, title: str, budget_type: str, label: str):
    return TableSpec(
        number=number,
        key=key,
        title=title,
        rows=RowAxis("function"),
        filter=Selector(budget_types=(budget_type,)),
        orientation="portrait",
        columns=CODE_NAME_COLUMNS
        + (
            Col("合计", EXP),
            Group(
                label,
                (
                    Col("小计", S(kinds=BASIC)),
                    Group(
                        "人员经费",
                        (
                            Col("工资福利支出", econ("301", kinds=("personnel",))),
                            Col("对个人和家庭的补助", econ("303", kinds=("personnel",))),
                        ),
                    ),
                    Col("公用经费", S(kinds=("operating",))),
                ),
            ),
            Col("项目支出", S(kinds=("project",))),
        ),
    )


# -- 16–20 政府性基金, 国有资本经营, 财政专户 ---------------------------------------------------------
GOV_FUND_EXPENDITURE = _fund_expenditure(
    16, "gov_fund_expenditure", "政府性基金预算支出表", "gov_fund", "本年政府性基金预算支出"
)
GOV_FUND_GOV_SUMMARY = TableSpec(
    number=17,
    key="gov_fund_gov_summary",
    title="政府性基金预算支出分类汇总表（按政府预算经济分类）",
    rows=RowAxis("function_unit"),
    filter=Selector(budget_types=("gov_fund",)),
    columns=FUNCTION_UNIT_COLUMNS + gov_class_columns("总 计"),
)
GOV_FUND_DEPT_SUMMARY = TableSpec(
    number=18,
    key="gov_fund_dept_summary",
    title="政府性基金预算支出分类汇总表（按部门预算经济分类）",
    rows=RowAxis("function_unit"),
    filter=Selector(budget_types=("gov_fund",)),
    columns=FUNCTION_UNIT_COLUMNS + dept_econ_summary_columns(with_project_personnel=False),
)
SOE_EXPENDITURE = _fund_expenditure(
    19, "soe_expenditure", "国有资本经营预算支出表", "soe", "本年国有资本经营预算支出"
)
SPECIAL_ACCOUNT_EXPENDITURE = _fund_expenditure(
    20,
    "special_account_expenditure",
    "财政专户管理资金预算支出表",
    "special_account",
    "本年财政专户管理资金预算支出",
)

# -- 21 专项资金预算汇总表 --------------------------------------------------------------------------
SPECIAL_FUNDS = TableSpec(
    number=21,
    key="special_funds",
    title="专项资金预算汇总表",
    rows=RowAxis("project"),
    filter=Selector(kinds=("project",), special_fund=True),
    columns=(
        Col("单位代码", text="code"),
        Col("单位名称（专项名称）", text="name"),
        Group(
            "预算额度",
            (
                Col("总计", EXP),
                Group(
                    "一般公共预算",
                    (
                        Col("一般公共预算小计", S(funds=("gp",))),
                        Col("经费拨款", S(funds=("gp_appropriation",))),
                        Col("纳入一般公共预算管理的非税收入", S(funds=("gp_nontax",))),
                        Col("一般债券", S(funds=("gp_bond",))),
                        Col("外国政府和国际组织贷款", S(funds=("gp_foreign_loan",))),
                        Col("外国政府和国际组织赠款", S(funds=("gp_foreign_grant",))),
                    ),
                ),
                Col("政府性基金", S(funds=("gov_fund",))),
                Col("国有资本经营预算", S(funds=("soe",))),
                Col("社会保险基金预算资金", S(funds=("social",))),
            ),
        ),
        Group(
            "预算编制方式",
            (
                Col("编入部门预算金额", S(budget_modes=("department",))),
                Col("财政代编金额", S(budget_modes=("bureau",))),
            ),
        ),
    ),
)

HUNAN_TABLES = (
    SUMMARY,
    INCOME_TABLE,
    EXPENDITURE_TABLE,
    GOV_SUMMARY,
    DEPT_SUMMARY,
    APPROPRIATION_SUMMARY,
    GP_EXPENDITURE,
    GP_BASIC,
    PERSONNEL_WAGES_GOV,
    PERSONNEL_WAGES_DEPT,
    PERSONNEL_FAMILY_GOV,
    PERSONNEL_FAMILY_DEPT,
    OPERATING_GOV,
    OPERATING_DEPT,
    THREE_PUBLIC_COSTS,
    GOV_FUND_EXPENDITURE,
    GOV_FUND_GOV_SUMMARY,
    GOV_FUND_DEPT_SUMMARY,
    SOE_EXPENDITURE,
    SPECIAL_ACCOUNT_EXPENDITURE,
    SPECIAL_FUNDS,
)
# Every table (grid or listing) needs a note for the empty case; tables 1 and 6 never are.
assert [t.number for t in HUNAN_TABLES] == list(range(1, 22))
