"""What the intake app announces. Receivers (webhooks, notifications) connect here.

``tip_received(sender=Tip, tip=...)`` is sent once a tip from the public has been stored,
after its transaction commits.
"""

from django.dispatch import Signal

tip_received = Signal()

# Sent inside the transaction when a tip is linked to a claim (turned into one, or marked
# as already checked by one): ``tip``, ``claim``, ``by``.
tip_linked = Signal()
