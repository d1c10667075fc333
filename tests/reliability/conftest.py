"""The GUI fixtures (private settings and data folder, the main window) shared with tests/ui."""

from tests.ui.conftest import bare_window, private_settings, window  # noqa: F401
