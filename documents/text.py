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
