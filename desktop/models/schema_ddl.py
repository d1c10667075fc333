"""The schema of a fresh department file, written from `schema.py` by
`python -m desktop.models.schema > desktop/models/schema_ddl.py` (then `ruff format` it; a
test compares them): opening a file verifies its schema against this without importing
SQLAlchemy.
"""

APPLICATION_ID = 0x42444B31
SCHEMA_VERSION = 4

# sqlite_master SQL of a fresh file, in creation order.
STATEMENTS = (
    "CREATE TABLE department (\n\tid INTEGER NOT NULL, \n\tcode VARCHAR(32) NOT NULL, \n\tname TEXT NOT NULL, \n\tfiscal_year INTEGER NOT NULL, \n\tkind VARCHAR(8) DEFAULT 'budget' NOT NULL, \n\tPRIMARY KEY (id), \n\tCONSTRAINT single_department CHECK (id = 1)\n)",
    "CREATE TABLE unit (\n\tcode VARCHAR(32) NOT NULL, \n\tname TEXT NOT NULL, \n\tkind VARCHAR(24) NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (code)\n)",
    "CREATE TABLE control_figure (\n\tid INTEGER NOT NULL, \n\tunit_code VARCHAR(32), \n\tfund_source VARCHAR(32) NOT NULL, \n\tscope VARCHAR(16) NOT NULL, \n\tamount_fen BIGINT NOT NULL, \n\tPRIMARY KEY (id)\n)",
    "CREATE TABLE prior_year_line (\n\tid INTEGER NOT NULL, \n\tunit_code VARCHAR(32) NOT NULL, \n\tfunction_code VARCHAR(16) NOT NULL, \n\tecon_code VARCHAR(16) NOT NULL, \n\tfund_source VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL, \n\tamount_fen BIGINT NOT NULL, \n\tPRIMARY KEY (id)\n)",
    "CREATE TABLE explanation (\n\trule_id VARCHAR(32) NOT NULL, \n\tsubject TEXT NOT NULL, \n\ttext TEXT NOT NULL, \n\tPRIMARY KEY (rule_id, subject)\n)",
    "CREATE TABLE app_lock (\n\tid INTEGER NOT NULL, \n\thost TEXT NOT NULL, \n\tpid INTEGER NOT NULL, \n\tuser TEXT NOT NULL, \n\topened_at TEXT NOT NULL, \n\tPRIMARY KEY (id)\n)",
    'CREATE TABLE setting (\n\t"key" VARCHAR(64) NOT NULL, \n\tvalue TEXT NOT NULL, \n\tPRIMARY KEY ("key")\n)',
    "CREATE TABLE special_fund (\n\tcode VARCHAR(64) NOT NULL, \n\tname TEXT NOT NULL, \n\tcategory TEXT NOT NULL, \n\tperiod TEXT NOT NULL, \n\tperiod_goal TEXT NOT NULL, \n\tgoal TEXT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (code)\n)",
    "CREATE TABLE performance_indicator (\n\tid INTEGER NOT NULL, \n\tproject_code VARCHAR(64) NOT NULL, \n\tlevel1 TEXT NOT NULL, \n\tlevel2 TEXT NOT NULL, \n\tname TEXT NOT NULL, \n\tcomparator VARCHAR(8) NOT NULL, \n\tvalue TEXT NOT NULL, \n\tmeasure_unit TEXT NOT NULL, \n\tvalue_content TEXT NOT NULL, \n\tdescription TEXT NOT NULL, \n\tbasis TEXT NOT NULL, \n\tstandard TEXT NOT NULL, \n\tremark TEXT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)",
    "CREATE TABLE department_target (\n\tid INTEGER NOT NULL, \n\tduty_goal TEXT NOT NULL, \n\tduty_overview TEXT NOT NULL, \n\tPRIMARY KEY (id), \n\tCONSTRAINT single_department_target CHECK (id = 1)\n)",
    "CREATE TABLE department_task (\n\tid INTEGER NOT NULL, \n\tname TEXT NOT NULL, \n\tcontent TEXT NOT NULL, \n\tresponsible TEXT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)",
    "CREATE TABLE department_profile (\n\tid INTEGER NOT NULL, \n\tduties TEXT NOT NULL, \n\tPRIMARY KEY (id), \n\tCONSTRAINT single_department_profile CHECK (id = 1)\n)",
    "CREATE TABLE internal_office (\n\tid INTEGER NOT NULL, \n\tname TEXT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)",
    "CREATE TABLE reason_text (\n\tslot VARCHAR(128) NOT NULL, \n\ttext TEXT NOT NULL, \n\tPRIMARY KEY (slot)\n)",
    "CREATE TABLE activity_count (\n\titem VARCHAR(32) NOT NULL, \n\tcount INTEGER NOT NULL, \n\tPRIMARY KEY (item), \n\tCONSTRAINT activity_count_not_negative CHECK (count >= 0)\n)",
    "CREATE TABLE self_evaluation (\n\tproject_code VARCHAR(64) NOT NULL, \n\tachieved TEXT NOT NULL, \n\texecution_points INTEGER NOT NULL, \n\tconclusion TEXT NOT NULL, \n\tPRIMARY KEY (project_code)\n)",
    "CREATE TABLE project (\n\tcode VARCHAR(64) NOT NULL, \n\tunit_code VARCHAR(32) NOT NULL, \n\tname TEXT NOT NULL, \n\tcategory TEXT NOT NULL, \n\tis_special_fund INTEGER NOT NULL, \n\tbudget_mode VARCHAR(16) NOT NULL, \n\tperiod TEXT NOT NULL, \n\tgoal TEXT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tspecial_fund_code VARCHAR(64), \n\tperiod_goal TEXT DEFAULT '' NOT NULL, \n\tPRIMARY KEY (code), \n\tFOREIGN KEY(unit_code) REFERENCES unit (code), \n\tFOREIGN KEY(special_fund_code) REFERENCES special_fund (code)\n)",
    "CREATE TABLE income_line (\n\tid INTEGER NOT NULL, \n\tunit_code VARCHAR(32) NOT NULL, \n\tfunction_code VARCHAR(16) NOT NULL, \n\tfund_source VARCHAR(32) NOT NULL, \n\tamount_fen BIGINT NOT NULL, \n\tnote TEXT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(unit_code) REFERENCES unit (code)\n)",
    "CREATE UNIQUE INDEX uq_income_line_content ON income_line (unit_code, function_code, fund_source, amount_fen, note)",
    "CREATE TABLE unit_staff (\n\tunit_code VARCHAR(32) NOT NULL, \n\tfunding_form TEXT NOT NULL, \n\tauthorized INTEGER NOT NULL, \n\tactive INTEGER NOT NULL, \n\tretired INTEGER NOT NULL, \n\tPRIMARY KEY (unit_code), \n\tCONSTRAINT staff_not_negative CHECK (authorized >= 0 AND active >= 0 AND retired >= 0), \n\tFOREIGN KEY(unit_code) REFERENCES unit (code)\n)",
    "CREATE TABLE asset_holding (\n\tid INTEGER NOT NULL, \n\tunit_code VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL, \n\tname TEXT NOT NULL, \n\tquantity INTEGER NOT NULL, \n\tarea_m2 INTEGER NOT NULL, \n\tas_of VARCHAR(10) NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(unit_code) REFERENCES unit (code)\n)",
    "CREATE TABLE balance_line (\n\tid INTEGER NOT NULL, \n\tunit_code VARCHAR(32) NOT NULL, \n\tfunction_code VARCHAR(16) NOT NULL, \n\tfund_source VARCHAR(32) NOT NULL, \n\topening_fen BIGINT NOT NULL, \n\tused_balance_fen BIGINT NOT NULL, \n\tdistribution_fen BIGINT NOT NULL, \n\tclosing_fen BIGINT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(unit_code) REFERENCES unit (code)\n)",
    "CREATE TABLE budget_baseline_line (\n\tid INTEGER NOT NULL, \n\tunit_code VARCHAR(32) NOT NULL, \n\tfunction_code VARCHAR(16) NOT NULL, \n\tecon_code VARCHAR(16) NOT NULL, \n\tfund_source VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL, \n\tproject_code VARCHAR(64) NOT NULL, \n\tinitial_fen BIGINT NOT NULL, \n\tfull_year_fen BIGINT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(unit_code) REFERENCES unit (code)\n)",
    "CREATE TABLE indicator_result (\n\tindicator_id INTEGER NOT NULL, \n\tactual TEXT NOT NULL, \n\tpoints INTEGER NOT NULL, \n\tscore INTEGER NOT NULL, \n\tdeviation TEXT NOT NULL, \n\tPRIMARY KEY (indicator_id), \n\tFOREIGN KEY(indicator_id) REFERENCES performance_indicator (id)\n)",
    "CREATE TABLE expenditure_line (\n\tid INTEGER NOT NULL, \n\tunit_code VARCHAR(32) NOT NULL, \n\tfunction_code VARCHAR(16) NOT NULL, \n\tecon_code VARCHAR(16) NOT NULL, \n\tfund_source VARCHAR(32) NOT NULL, \n\tkind VARCHAR(16) NOT NULL, \n\tproject_code VARCHAR(64), \n\tamount_fen BIGINT NOT NULL, \n\tnote TEXT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(unit_code) REFERENCES unit (code), \n\tFOREIGN KEY(project_code) REFERENCES project (code)\n)",
    "CREATE UNIQUE INDEX uq_expenditure_line_content ON expenditure_line (unit_code, coalesce(project_code, ''), function_code, econ_code, fund_source, kind, amount_fen, note)",
    "CREATE TABLE cost_item (\n\tid INTEGER NOT NULL, \n\tproject_code VARCHAR(64) NOT NULL, \n\tcontent TEXT NOT NULL, \n\tdetail TEXT NOT NULL, \n\tamount_fen BIGINT NOT NULL, \n\tbasis TEXT NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(project_code) REFERENCES project (code)\n)",
    "CREATE TABLE spending_schedule (\n\tproject_code VARCHAR(64) NOT NULL, \n\tmarch_fen BIGINT NOT NULL, \n\tjune_fen BIGINT NOT NULL, \n\toctober_fen BIGINT NOT NULL, \n\tdecember_fen BIGINT NOT NULL, \n\tPRIMARY KEY (project_code), \n\tFOREIGN KEY(project_code) REFERENCES project (code)\n)",
    "CREATE TABLE purchase_line (\n\tid INTEGER NOT NULL, \n\texpenditure_line_id INTEGER NOT NULL, \n\titem TEXT NOT NULL, \n\tcategory TEXT NOT NULL, \n\tkind VARCHAR(16) NOT NULL, \n\tamount_fen BIGINT NOT NULL, \n\tfund_source VARCHAR(32) NOT NULL, \n\tsme_percent INTEGER NOT NULL, \n\tsort_order INTEGER NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(expenditure_line_id) REFERENCES expenditure_line (id)\n)",
)

# The tables in dependency order (referenced tables first).
TABLES = (
    "activity_count",
    "app_lock",
    "control_figure",
    "department",
    "department_profile",
    "department_target",
    "department_task",
    "explanation",
    "internal_office",
    "performance_indicator",
    "prior_year_line",
    "reason_text",
    "self_evaluation",
    "setting",
    "special_fund",
    "unit",
    "asset_holding",
    "balance_line",
    "budget_baseline_line",
    "income_line",
    "indicator_result",
    "project",
    "unit_staff",
    "cost_item",
    "expenditure_line",
    "spending_schedule",
    "purchase_line",
)
