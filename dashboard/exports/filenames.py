"""File names of the downloads, safe on any OS, in the chosen language."""

from __future__ import annotations

import re
import unicodedata

from dashboard import i18n

_UNSAFE_FILENAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_MAX_STEM = 100


def export_filename(stem: str, lang: str, ext: str) -> str:
    """A file name safe on Windows, macOS and Linux: ``"Completion by jurisdiction"`` and ``png`` give
    ``completion-by-jurisdiction.png``.

    Letters of any script are kept (Georgian titles give Georgian names; Georgian is never upper- or lower-cased
    into Mtavruli: ``str.lower`` leaves Mkhedruli alone), reserved characters and control characters are removed,
    whitespace becomes ``-``, the length is bounded, and Windows device names are avoided.
    """
    text = unicodedata.normalize("NFC", str(stem or ""))
    text = _UNSAFE_FILENAME.sub(" ", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.sub(r"[\s_]+", "-", text.strip()).lower()
    text = re.sub(r"[^\w.\-()]+", "", text)  # \w is Unicode-aware: keeps Georgian letters and digits
    text = re.sub(r"-{2,}", "-", text).strip(" .-")
    text = text[:_MAX_STEM].rstrip(" .-")
    if not text:
        text = i18n.t("export.default_filename", lang_code(lang))
    if text.split(".")[0] in _WINDOWS_RESERVED:
        text = f"_{text}"
    ext = re.sub(r"[^0-9A-Za-z]", "", str(ext or ""))
    return f"{text}.{ext.lower()}" if ext else text



def lang_code(lang: str | None) -> str:
    """``ka`` for Georgian (``ka``, ``ka-GE`` ...), else ``en``: the catalog language of an export."""
    return "ka" if str(lang or "").lower().startswith("ka") else "en"
