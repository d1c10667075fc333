"""Qt user interface: main window, input grids, standard-table views and dialogs (no business logic)."""
