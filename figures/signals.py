"""What the figures app tells the apps above it.

``figure_revised`` is sent when a figure is marked revised by a later one from the same
reporter, inside the transaction of the service call, with the revised figures' ids
(``figure_ids``). Webhooks listen to it (``figure.revised``).
"""

from django.dispatch import Signal

figure_revised = Signal()
