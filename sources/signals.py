"""What sources announce to the apps that build on them.

``material_changed`` is sent, inside the transaction of the change, with ``source_ids``:
the sources whose standing as evidence changed (their outlet, what they cite, or their
outlet's reliability or state affiliation). The claims app listens and reassesses the
claims that rely on them; sources itself knows nothing of claims.
"""

from django.dispatch import Signal

material_changed = Signal()
