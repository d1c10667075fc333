"""A Paragraph printed unchanged on many pages: laid out once, its operators recorded once.

Every page of a long table repeats the merged header (a Paragraph per header cell) and the
continued title; reportlab would break the same lines and format the same text again on each of
a few hundred pages. A Paragraph draws in its own coordinates (the frame or the table moves the
origin before drawing it), so the operators it writes for one width are the same on every page
of a document: `RepeatedParagraph` writes the recorded ones again. Fill transparency is the only
canvas state that changes what reportlab writes for it, so it is part of the recording's key.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph


class WrappedParagraph(Paragraph):
    """`Paragraph` that breaks its lines again only for a new width (a long name in a table
    cell is measured for its row's height and then again when drawn, at the same width)."""

    _layout: tuple[float, tuple[float, float]] | None = None  # last width and what wrap gave

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # The lines depend on the width alone; the layout kept is always the last one made.
        layout = self._layout
        if layout is not None and layout[0] == availWidth:
            return layout[1]
        size = super().wrap(availWidth, availHeight)
        self._layout = (availWidth, size)
        return size


class RepeatedParagraph(WrappedParagraph):
    """`Paragraph` that reuses its last line breaking and its drawing within one document."""

    _recorded: tuple[object, tuple, list[str]] | None = None  # canvas, key, operators

    def draw(self) -> None:
        canv = self.canv
        key = (self.width, self.height, tuple(sorted(canv._extgstate._d.items())))  # noqa: SLF001
        recorded = self._recorded
        code = canv._code  # noqa: SLF001
        if recorded is not None and recorded[0] is canv and recorded[1] == key:
            code.extend(recorded[2])
            return
        start = len(code)
        super().draw()
        self._recorded = (canv, key, code[start:])
