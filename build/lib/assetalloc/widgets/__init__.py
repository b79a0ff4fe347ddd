"""The interactive figures of the chapters, one module per chapter.

Every widget is a :class:`assetalloc.widgets.base.FigureWidget`; each chapter
module also offers ``default_widgets()``, its widgets built from the cited data
(used by the tests and the latency benchmark).
"""
