"""What the desk tells the apps above it and beside it.

``comment_created(sender=Comment, comment=...)`` is sent once a comment is committed. The
webhooks app listens and delivers ``comment.created`` to the subscriptions that opted in.
"""

from django.dispatch import Signal

comment_created = Signal()
