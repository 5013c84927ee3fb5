"""Downloads and slide-quality exports: CSV, XLSX, PNG/SVG chart images and a PPTX deck. Pure (no Streamlit):
pages call these functions and hand the bytes to ``st.download_button``.

    filenames.py  ``export_filename(stem, lang, ext)``: a file name safe on any OS (Georgian letters kept)
    tables.py     ``csv_bytes(df)`` (UTF-8 with a BOM, ISO dates) and ``xlsx_bytes({sheet: df})``, formula-safe
    renderer.py   one persistent kaleido renderer (headless Chromium) per process: ``find_browser``,
                  ``ExportUnavailable``, ``renderer_stats``, ``shutdown_renderer``
    images.py     ``figure_image(fig, "png"|"svg", title=..., source_line=..., lang=...)``: the chart laid out for
                  a 1920x1080 slide; ``plotly_config(lang, filename)`` for the page's chart
    pptx_file.py  ``pptx_bytes(...)``: a 16:9 deck of ``Slide``s with Georgian fonts and languages set
    deck.py       ``deck_bytes(run, lang, ...)``: the deck of the current view (the slides of presentation mode)

User-facing words written here (watermark, banner, headings) come from the catalogs (``export.*`` keys of
dashboard/locales/); each can also be passed in by the caller. The names below are the ones pages, widgets and
scripts use.
"""

from dashboard.exports.deck import deck_bytes, methodology_lines, sources_lines
from dashboard.exports.filenames import export_filename
from dashboard.exports.images import figure_image, plotly_config, png_size, slide_layout
from dashboard.exports.pptx_file import Slide, has_georgian, pptx_bytes
from dashboard.exports.renderer import ExportUnavailable, find_browser, renderer_stats, shutdown_renderer
from dashboard.exports.tables import csv_bytes, neutralise, xlsx_bytes

__all__ = ["ExportUnavailable", "Slide", "csv_bytes", "deck_bytes", "export_filename", "figure_image",
           "find_browser", "has_georgian", "methodology_lines", "neutralise", "plotly_config", "png_size",
           "pptx_bytes", "renderer_stats", "shutdown_renderer", "slide_layout", "sources_lines", "xlsx_bytes"]
