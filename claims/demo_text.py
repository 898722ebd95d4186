"""Claim text for demo data, realistic enough to measure search.

Each claim is composed from slots (who, what, how many, where, when, how it was said),
and each slot draws from its own vocabulary with a Zipf-like spread: the first words of
a list come up often, the rest rarely. The most common noun is in about a tenth of all
claims; most names of people and places are in a handful. Names are made from syllables,
so the vocabulary runs to thousands of words without a word list.
"""

import bisect
import itertools
import random
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    return text.split()


NOUNS = _words("""
statement troops protesters casualties ballots vaccines refugees prices wages taxes
schools hospitals soldiers journalists prisoners workers farmers pensioners students
doctors police officers migrants voters rioters hostages civilians weapons tanks drones
missiles bridges roads factories mines pipelines banks loans subsidies tariffs exports
imports grain fuel gas electricity water rents mortgages jobs contracts permits licences
arrests detentions deaths injuries fires floods strikes rallies marches elections
referendums decrees laws budgets deficits debts reserves donations grants bribes
sanctions embargoes flights trains buses ships ports airports borders checkpoints
cameras servers accounts posts videos photographs documents leaks letters emails
interviews speeches surveys polls census records invoices receipts reports audits
inspections trials verdicts appeals pardons amnesties resignations appointments
dismissals promotions salaries bonuses pensions benefits allowances vouchers coupons
""")

VERBS = _words("""
killed arrested detained released injured evacuated deported hired dismissed paid
funded built destroyed closed opened banned approved rejected signed cancelled
delayed doubled halved tripled increased reduced cut raised lowered froze seized
confiscated imported exported smuggled stolen lost found counted registered deleted
forged leaked published censored blocked hacked recruited trained armed bribed
""")

QUALIFIERS = _words("""
foreign armed illegal unpaid missing unregistered anonymous official secret local
regional national federal private public military civilian elderly young disabled
""")

SAYINGS = _words("""
said claimed announced insisted told reporters wrote posted tweeted declared
suggested alleged repeated confirmed denied
""")

MONTHS = _words("""
January February March April May June July August September October November December
""")

ROLES = _words("""
minister governor mayor spokesperson senator deputy president chairman prosecutor
general ambassador commissioner director adviser
""")

# Russian: nouns as (nominative plural, genitive plural), so that a claim uses one form
# and a search for another finds it through the stemmer.
RUSSIAN_NOUNS = [
    tuple(pair.split("/"))
    for pair in _words("""
заявления/заявлений военные/военных протестующие/протестующих беженцы/беженцев цены/цен
зарплаты/зарплат налоги/налогов школы/школ больницы/больниц солдаты/солдат
журналисты/журналистов заключённые/заключённых рабочие/рабочих фермеры/фермеров
пенсионеры/пенсионеров студенты/студентов врачи/врачей полицейские/полицейских
мигранты/мигрантов избиратели/избирателей террористы/террористов заложники/заложников
мосты/мостов дороги/дорог заводы/заводов банки/банков кредиты/кредитов
аэропорты/аэропортов выборы/выборов митинги/митингов аресты/арестов пожары/пожаров
документы/документов бюджеты/бюджетов санкции/санкций рейсы/рейсов границы/границ
пенсии/пенсий пособия/пособий
""")
]
RUSSIAN_VERBS = _words("""
задержаны убиты освобождены ранены эвакуированы уволены построены уничтожены закрыты
открыты запрещены одобрены отклонены подписаны отменены удвоены сокращены повышены
""")
RUSSIAN_QUALIFIERS = _words("""
иностранных вооружённых незаконных местных региональных частных военных гражданских
пожилых молодых
""")
RUSSIAN_SAYINGS = _words("заявил сообщил утверждал объявил подчеркнул написал отметил признал")
RUSSIAN_ROLES = _words("министр губернатор мэр сенатор депутат президент председатель прокурор")

# Kazakh: nouns as (bare, plural, plural accusative), the endings Kazakh search strips.
KAZAKH_NOUNS = [
    tuple(triple.split("/"))
    for triple in _words("""
мәлімдеме/мәлімдемелер/мәлімдемелерді лаңкес/лаңкестер/лаңкестерді
босқын/босқындар/босқындарды баға/бағалар/бағаларды мектеп/мектептер/мектептерді
сарбаз/сарбаздар/сарбаздарды журналист/журналистер/журналистерді
жұмысшы/жұмысшылар/жұмысшыларды дәрігер/дәрігерлер/дәрігерлерді
сайлаушы/сайлаушылар/сайлаушыларды көпір/көпірлер/көпірлерді жол/жолдар/жолдарды
зауыт/зауыттар/зауыттарды әуежай/әуежайлар/әуежайларды құжат/құжаттар/құжаттарды
шекара/шекаралар/шекараларды
""")
]
KAZAKH_VERBS = _words("ұстады босатты жапты ашты салды қиратты бекітті тоқтатты")
KAZAKH_SAYINGS = _words("мәлімдеді хабарлады айтты жазды растады")
KAZAKH_ROLES = _words("министр әкім депутат президент төраға прокурор генерал елші")

# Shares of the claims made in Russian and in Kazakh (the rest in English).
RUSSIAN_SHARE, KAZAKH_SHARE = 0.33, 0.07
CYRILLIC = str.maketrans("abdegiklmnorstuvy", "абдегиклмнорстувы")

SYLLABLES = _words("""
ka ra lo mi sen tu va dor an bel ko zhan mar ti ny sa ul ber gan os ek ri ta min
""")


def _names(rng: random.Random, count: int, syllables: tuple[int, int]) -> list[str]:
    """``count`` distinct capitalised names of two to four syllables."""
    names, seen = [], set()
    while len(names) < count:
        length = rng.randint(*syllables)
        name = "".join(rng.choice(SYLLABLES) for _ in range(length)).capitalize()
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


@dataclass(frozen=True)
class Zipf:
    """Draws from ``words`` with the k-th word about 1/k^s as likely as the first."""

    words: list[str]
    cumulative: list[float]

    @classmethod
    def of(cls, words: list[str], s: float = 1.0) -> "Zipf":
        weights = [1 / (rank**s) for rank in range(1, len(words) + 1)]
        return cls(words, list(itertools.accumulate(weights)))

    def draw(self, rng: random.Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.words[bisect.bisect_left(self.cumulative, point)]


class Vocabulary:
    """The slots' word lists for one seed (the same seed gives the same vocabulary)."""

    def __init__(self, seed: int, *, people: int = 3000, places: int = 2000):
        rng = random.Random(f"vocabulary-{seed}")
        self.people = Zipf.of(_names(rng, people, (2, 4)), 0.9)
        self.places = Zipf.of(_names(rng, places, (2, 3)), 0.9)
        self.nouns = Zipf.of(NOUNS, 0.6)
        self.verbs = Zipf.of(VERBS, 0.8)
        self.qualifiers = Zipf.of(QUALIFIERS)
        self.sayings = Zipf.of(SAYINGS)
        self.roles = Zipf.of(ROLES)
        self.russian_nouns = Zipf.of(RUSSIAN_NOUNS, 0.6)
        self.russian_verbs = Zipf.of(RUSSIAN_VERBS, 0.8)
        self.russian_qualifiers = Zipf.of(RUSSIAN_QUALIFIERS)
        self.russian_sayings = Zipf.of(RUSSIAN_SAYINGS)
        self.russian_roles = Zipf.of(RUSSIAN_ROLES)
        self.kazakh_nouns = Zipf.of(KAZAKH_NOUNS, 0.6)
        self.kazakh_verbs = Zipf.of(KAZAKH_VERBS, 0.8)
        self.kazakh_sayings = Zipf.of(KAZAKH_SAYINGS)
        self.kazakh_roles = Zipf.of(KAZAKH_ROLES)

    @property
    def common_word(self) -> str:
        """The most frequent noun: in roughly a tenth of all claims."""
        return self.nouns.words[0]

    @property
    def common_russian_word(self) -> str:
        """The most frequent Russian noun in a form no claim uses ("заявление", the
        claims say "заявления" or "заявлений"): found through the stemmer."""
        return self.russian_nouns.words[0][0][:-1] + "е"

    @property
    def kazakh_word(self) -> str:
        """The most frequent Kazakh noun with an ending no claim gives it (dative)."""
        return self.kazakh_nouns.words[0][0] + "ге"

    @property
    def rare_word(self) -> str:
        """A person's name far down the list: in very few claims."""
        return self.people.words[len(self.people.words) * 2 // 3]

    def claim(self, rng: random.Random) -> tuple[str, str, str]:
        """(text, summary, language) of one claim: a third in Russian, some in Kazakh;
        the summary stays under 75 characters."""
        draw = rng.random()
        if draw < RUSSIAN_SHARE:
            return (*self._russian(rng), "ru")
        if draw < RUSSIAN_SHARE + KAZAKH_SHARE:
            return (*self._kazakh(rng), "kk")
        return (*self._english(rng), "en")

    def _russian(self, rng: random.Random) -> tuple[str, str]:
        person = self.people.draw(rng).lower().translate(CYRILLIC).capitalize()
        place = self.places.draw(rng).lower().translate(CYRILLIC).capitalize()
        other_place = self.places.draw(rng).lower().translate(CYRILLIC).capitalize()
        (_, noun), (other, _) = self.russian_nouns.draw(rng), self.russian_nouns.draw(rng)
        verb = self.russian_verbs.draw(rng)
        when = f"{rng.randint(2015, 2026)} году"
        number = _number(rng).replace(",", " ")
        text = (
            f"{self.russian_roles.draw(rng).capitalize()} {person} "
            f"{self.russian_sayings.draw(rng)}, что в {when} в {place} {verb} {number} "
            f"{self.russian_qualifiers.draw(rng)} {noun}, а в {other_place} "
            f"{other} {self.russian_verbs.draw(rng)}."
        )
        summary = f"{number} {noun} {verb} в {place}, — {person}"[:74]
        return text, summary[0].upper() + summary[1:]

    def _kazakh(self, rng: random.Random) -> tuple[str, str]:
        person = self.people.draw(rng).lower().translate(CYRILLIC).capitalize()
        place = self.places.draw(rng).lower().translate(CYRILLIC).capitalize()
        (_, plural, accusative) = self.kazakh_nouns.draw(rng)
        verb = self.kazakh_verbs.draw(rng)
        number = _number(rng).replace(",", " ")
        text = (
            f"{self.kazakh_roles.draw(rng).capitalize()} {person} {rng.randint(2015, 2026)} "
            f"жылы {place} қаласында {number} {accusative} {verb} деп "
            f"{self.kazakh_sayings.draw(rng)}."
        )
        summary = f"{place}: {number} {plural} ({person})"[:74]
        return text, summary

    def _english(self, rng: random.Random) -> tuple[str, str]:
        person, role = self.people.draw(rng), self.roles.draw(rng)
        noun, verb = self.nouns.draw(rng), self.verbs.draw(rng)
        qualifier, place = self.qualifiers.draw(rng), self.places.draw(rng)
        number = _number(rng)
        when = f"{rng.choice(MONTHS)} {rng.randint(2015, 2026)}"
        text = (
            f"{role.capitalize()} {person} {self.sayings.draw(rng)} that {number} "
            f"{qualifier} {noun} were {verb} in {place} in {when}, "
            f"and that {self.nouns.draw(rng)} in {self.places.draw(rng)} were "
            f"{self.verbs.draw(rng)} as well."
        )
        summary = f"{number} {noun} {verb} in {place}, says {person}"[:74]
        return text, summary[0].upper() + summary[1:]


def _number(rng: random.Random) -> str:
    return f"{rng.choice([12, 40, 150, 300, 1200, 5000, 20000, 100000]) * rng.randint(1, 9):,}"
