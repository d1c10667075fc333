"""Budget Desk (部门预算编制): prepare a department's annual budget offline."""

__version__ = "0.1.0"
APP_NAME = "部门预算编制"
