"""The public document (部门预算公开文本): text generated from the tables and the file's facts."""
