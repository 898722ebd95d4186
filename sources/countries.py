"""Countries as ISO 3166-1 alpha-2 codes: reading the names the tracker held before it
stored codes (the migrations to codes use this, and so does anything reading a name)."""

from django_countries import countries

# Names a newsroom writes that the ISO list spells otherwise.
ALIASES = {
    "republic of kazakhstan": "KZ",
    "kazakstan": "KZ",
    "kyrgyz republic": "KG",
    "russian federation": "RU",
    "russia": "RU",
    "uk": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "usa": "US",
    "us": "US",
    "united states": "US",
    "united states of america": "US",
    "belarus": "BY",
    "iran": "IR",
    "syria": "SY",
    "south korea": "KR",
    "north korea": "KP",
    "moldova": "MD",
    "vietnam": "VN",
    "turkey": "TR",
    "czech republic": "CZ",
}


def country_code(name: str) -> str | None:
    """The code for a country name or code as people write it; "" for an empty value,
    None when it cannot be told."""
    text = " ".join((name or "").split())
    if not text:
        return ""
    if len(text) == 2 and text.upper() in dict(countries):
        return text.upper()
    folded = text.casefold()
    if folded in ALIASES:
        return ALIASES[folded]
    code = countries.by_name(text, insensitive=True)
    if code:
        return code
    folded = folded.removeprefix("the ").removeprefix("republic of ")
    return ALIASES.get(folded) or countries.by_name(folded, insensitive=True) or None


def convert_names(model, history_model, *, label: str) -> list[str]:
    """Replace the country names of ``model`` (and its history) by codes; return a line
    for each live record whose name could not be read (its country is left empty)."""
    unread = []
    for pk, name in model.objects.exclude(country="").values_list("pk", "country"):
        code = country_code(name)
        if code is None:
            unread.append(f"{label} {pk}: “{name}”")
            code = ""
        if code != name:
            model.objects.filter(pk=pk).update(country=code)
    for pk, name in history_model.objects.exclude(country="").values_list("pk", "country"):
        code = country_code(name) or ""
        if code != name:
            history_model.objects.filter(pk=pk).update(country=code)
    return unread


# Every ISO 3166-1 country as (code, name): one enum in the API schema.
COUNTRY_CHOICES = [(code, name) for code, name in countries]
