"""Folding of Vietnamese text for search: no case, no diacritics, đ as d."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

_TOKEN = re.compile(r"\w+")
NUMBER_LOCALE = "vi"
MAX_NUMBER_LENGTH = 500  # characters of a typed number: any float written out in full fits


def fold(text):
    """'Đặng Văn Nhân' -> 'dang van nhan'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def exact(text):
    """Lower case with the diacritics kept, in composed form."""
    return unicodedata.normalize("NFC", text).casefold()


def tokens(text):
    return _TOKEN.findall(text or "")


def search_terms(*texts):
    """Distinct folded words of `texts`, for the indexed `search_terms` field."""
    return sorted({fold(word) for text in texts for word in tokens(text)})


def exact_terms(*texts):
    """Distinct words of `texts` with their diacritics, for ranking exact matches first."""
    return sorted({exact(word) for text in texts for word in tokens(text)})


def has_diacritics(text):
    return fold(text) != text.casefold()


def search_filter(term):
    """Raw MongoDB filter: every word of `term` starts a folded word of the record."""
    words = [fold(word) for word in tokens(term)]
    return {"$and": [{"search_terms": {"$regex": f"^{re.escape(w)}"}} for w in words]} if words else {}


def exact_filter(term):
    """Raw MongoDB filter: every word of `term` starts a word of the record, accents and all."""
    words = [exact(word) for word in tokens(term)]
    return {"$and": [{"search_exact": {"$regex": f"^{re.escape(w)}"}} for w in words]} if words else {}


# Control characters (NUL among them) cannot be in a MongoDB regular expression, and no one types them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_search(term):
    """A search box's text without control characters; None when nothing is left."""
    if term is None:
        return None
    term = _CONTROL.sub(" ", term).strip()
    return term or None


def without_controls(value, keep=""):
    """`value` with each control character (NUL, ESC, the C1 range...) not in `keep` made a space."""
    if value is None:
        return None
    return _CONTROL.sub(lambda found: found.group() if found.group() in keep else " ", value)


# Letters that print as nothing: Hangul fillers, the blank Braille pattern.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def looks_blank(value):
    """Whether `value` shows nothing: only spaces, control and format characters (zero-width
    space, byte-order mark) or letters that print blank."""
    return all(
        unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp") or c.isspace() or c in _BLANK_LETTERS
        for c in value or ""
    )


def leading_kind(term, kind_words, accents=False):
    """(kinds, rest) when `term` starts with the words naming some kinds ("xã nam quan" ->
    (["xa"], "nam quan")); ([], term) otherwise. `kind_words` maps a kind to its words ("Thị
    trấn"); the longest words that match win; `accents` compares them with their diacritics."""
    form = exact if accents else fold
    words = tokens(term)
    found, longest = [], 0
    for kind, name in kind_words.items():
        named = [form(w) for w in tokens(name)]
        if len(named) >= longest and named == [form(w) for w in words[: len(named)]]:
            found, longest = ([*found, kind] if len(named) == longest else [kind]), len(named)
    return found, " ".join(words[longest:])


# Vietnamese alphabetical order; f, j, w and z only appear in borrowed words.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_RANK = {letter: chr(0x100 + i) for i, letter in enumerate(_ALPHABET)}
_SHAPED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
           ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}  # fmt: skip  # a table: each pair beside its letter
# Tones in dictionary order: level, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def sort_key(text):
    """A key that sorts Vietnamese text as a dictionary does: letters first, tones to break ties."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", (text or "").casefold()):
        base, *marks = unicodedata.normalize("NFD", char)
        tone = "0"
        for mark in marks:
            base = _SHAPED.get((base, mark), base)
            tone = _TONES.get(mark, tone)
        letters.append(_RANK.get(base, base))
        tones.append(tone)
    return "".join(letters) + "\x01" + "".join(tones)


def person_sort_key(full_name):
    """Lists of people sort by given name (the last word), then by the whole name."""
    words = tokens(full_name)
    return sort_key(words[-1] if words else "") + "\x00" + sort_key(full_name)


def parse_number(typed):
    """The number typed the Vietnamese way, as a Decimal: dots between thousands, a comma before
    decimals ("20.000.000", "70,5", "1.250,75"); a lone dot not between thousands is a decimal
    point ("70.5"). ValueError for anything else."""
    typed = re.sub(r"\s", "", str(typed)).replace("\u2212", "-")
    if "," not in typed and not re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", typed):
        typed = typed.replace(".", ",")
    if len(typed) > MAX_NUMBER_LENGTH:
        raise ValueError("too long for a number")
    try:
        with localcontext() as context:
            context.prec = 800  # strict parsing writes the number back out in full
            number = parse_decimal(typed, locale=NUMBER_LOCALE, strict=True)
    except (NumberFormatError, InvalidOperation):
        raise ValueError(f"{typed!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{typed!r} is not a finite number")
    return number


def figure(number):
    """A number written the Vietnamese way, every digit kept: dots between thousands, a comma
    before the decimals ("21.320", "70,5", "12.345,67"); whole numbers without ",0"."""
    if type(number) is int:
        # The same text Babel writes, at a hundredth of its cost (a table page writes hundreds).
        return f"{number:,}".replace(",", ".")
    if isinstance(number, float):
        number = Decimal(repr(number))  # the shortest text that reads back as the same float
    # Enough precision for any float written out in full (5e-324 has 324 decimals).
    with localcontext() as context:
        context.prec = 800
        return format_decimal(number, locale=NUMBER_LOCALE, decimal_quantization=False)
