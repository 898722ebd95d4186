"""Month names as they stand inside a date ("5 января", "5 қаңтар"), for the date formats'
``E``. The project's catalogues are searched before Django's: Russian keeps Django's
genitive forms, Kazakh writes the month in lower case, where Django's catalogue
capitalises it. Nothing imports this module; ``makemessages`` reads it."""

from django.utils.translation import pgettext_lazy

MONTHS_IN_DATES = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
