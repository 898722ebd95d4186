"""Countries become ISO codes: the migrations read today's names with convert_names and
report the ones they cannot read."""

from sources.countries import convert_names


class Table:
    """A stand-in for a historical model's table: the rows the migration reads and what it
    writes back."""

    def __init__(self, rows: dict[int, str]):
        self.rows = dict(rows)
        self.objects = self

    def exclude(self, **kwargs):
        return self

    def values_list(self, *names):
        return [(pk, country) for pk, country in self.rows.items() if country]

    def filter(self, pk):
        table = self

        class Row:
            def update(self, country):
                table.rows[pk] = country

        return Row()


def test_names_become_codes_and_unreadable_ones_are_reported_and_left_empty():
    outlets = Table({1: "Kazakhstan", 2: "Republic of Kazakhstan", 3: "Russia", 4: "Narnia", 5: ""})
    history = Table({10: "Kazakhstan", 11: "Narnia"})

    unread = convert_names(outlets, history, label="Outlet")

    assert outlets.rows == {1: "KZ", 2: "KZ", 3: "RU", 4: "", 5: ""}
    assert history.rows == {10: "KZ", 11: ""}
    assert unread == ["Outlet 4: “Narnia”"]
