from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from claims import workflow
from claims.models import Claim
from core.audited_command import AuditedCommand

Status = Claim.Status
STEPS = {
    "draft": Status.DRAFT,
    "research": Status.RESEARCHING,
    "review": Status.IN_REVIEW,
    "publish": Status.PUBLISHED,
    "retract": Status.RETRACTED,
    "verdict": None,
}


class Command(AuditedCommand):
    help = (
        "Move a claim through the editorial workflow, or write its draft verdict, on "
        "behalf of a newsroom member, with the same rules as the admin and the API."
    )

    def add_arguments(self, parser):
        parser.add_argument("claim", help="The claim's id or its ref.")
        parser.add_argument("step", choices=list(STEPS))
        parser.add_argument("--by", required=True, help="Username of the person taking the step.")
        parser.add_argument("--reason", default="", help="Public reason (retract only).")
        parser.add_argument(
            "--rating", default="", help="The draft verdict's rating (verdict only)."
        )
        parser.add_argument("--rationale", default="", help="Why (verdict only).")
        parser.add_argument(
            "--correction-note", default="", help="What a correction changes (verdict only)."
        )

    def handle(self, *args, claim, step, by, reason, rating, rationale, correction_note, **options):
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user '{by}'.")
        lookup = {"pk": claim} if claim.isdigit() else {"ref": claim}
        target = Claim.objects.filter(**lookup).first()
        if target is None:
            raise CommandError(f"No claim '{claim}'.")
        self.act_as(user)
        try:
            if step == "verdict":
                workflow.draft_verdict(
                    claim=target,
                    by=user,
                    rating=rating,
                    rationale=rationale,
                    correction_note=correction_note,
                )
                self.stdout.write(f"“{target}” has a draft verdict.")
                return
            if step == "publish":
                workflow.publish_claim(claim=target, by=user)
            elif step == "retract":
                workflow.retract_claim(claim=target, by=user, reason=reason)
            else:
                workflow.move_claim(claim=target, to=STEPS[step], by=user)
        except workflow.WorkflowError as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(f"“{target}” is now {target.get_status_display().lower()}.")
