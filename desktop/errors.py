"""Domain errors; each carries a message in Chinese meant for the accountant."""


class BudgetError(Exception):
    """Base class: `str(error)` is a complete Chinese sentence shown to the user."""


class AmountError(BudgetError):
    """An amount that is not a valid sum of money."""


class AmountRangeError(AmountError):
    """An amount beyond what a department file may hold (the same message everywhere)."""


class LedgerError(BudgetError):
    """A line item that cannot be recorded as given."""


class CatalogError(BudgetError):
    """A classification catalog that cannot be loaded or a code it does not know."""


class DepartmentFileError(BudgetError):
    """A department file that cannot be opened or written."""
