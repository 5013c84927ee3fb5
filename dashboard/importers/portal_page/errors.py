"""The errors of the page importer, and how a page file is decoded."""


class ImportError_(Exception):  # the trailing underscore keeps it apart from the builtin ImportError
    """A refusal or failure with a message for the operator (the command exits 1)."""


class UnreadableLanguage(ImportError_):
    """A page whose labels are not read in English or Georgian (the web app says so in the page language)."""

    def __init__(self, name: str):
        super().__init__(f"{name}: not a monitoring page in English or Georgian (its labels, such as 'Timeline:' or "
                         "'ვადა:', were not found, or most of its text is in another alphabet); nothing was imported")
        self.name = name


def decode_page(name: str, raw: bytes) -> str:
    """A page file's text: UTF-8 (with or without a BOM) or UTF-16 with a BOM; anything else is refused (no guessed
    code page: a wrong guess writes mojibake into the data). NUL characters are refused too."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportError_(f"{name} starts with a UTF-16 byte order mark but is not valid UTF-16") from None
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ImportError_(f"{name}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the page as "
                               "UTF-8 (or UTF-16 with a byte order mark)") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportError_(f"{name}:{line}: the text holds a NUL character (a binary file, or UTF-16 without a "
                           "byte order mark?)")
    return text
