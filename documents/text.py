"""Folding of Vietnamese text for search: no case, no diacritics, đ as d."""

import re
import unicodedata

_TOKEN = re.compile(r"\w+")


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
           ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}  # fmt: skip
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


def vietnamese_number(text):
    """A number typed the Vietnamese way: dots between thousands, a comma before decimals
    ("20.000.000", "70,5", "1.250,75"); a lone dot not between thousands is a decimal point."""
    text = text.strip().replace(" ", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+", text):
        return text.replace(".", "")
    return text


def figure(number):
    """A number written the Vietnamese way: dots between thousands, a comma before at most two
    decimals ("21.320", "70,5", "1.250,75")."""
    if isinstance(number, int):
        return f"{number:,}".replace(",", ".")
    return f"{number:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",").replace(" ", ".")
