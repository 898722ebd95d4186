"""Actions on the selected claims of the admin's claim list. Each step goes through
claims/workflow.py, claim by claim; refusals become messages naming the claim."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import workflow
from claims.admin.forms import AssignForm, RetractForm
from claims.models import Claim
from claims.roles import assignable_users

Status = Claim.Status


def _each(modeladmin, request, queryset, step) -> int:
    """Take ``step(claim)`` for each claim; report refusals; return how many succeeded."""
    done = 0
    for claim in queryset:
        try:
            step(claim)
        except workflow.WorkflowError as refusal:
            modeladmin.message_user(
                request,
                gettext("“%(claim)s”: %(refusal)s") % {"claim": claim, "refusal": refusal},
                messages.ERROR,
            )
        else:
            done += 1
    return done


def _mover(name: str, frm: str, to: str, description: str):
    @admin.action(description=description, permissions=["change"])
    def move(modeladmin, request, queryset):
        def step(claim):
            if claim.status != frm:
                raise workflow.WorkflowError(
                    gettext("it is %(status)s, not %(expected)s.")
                    % {
                        "status": claim.get_status_display().lower(),
                        "expected": Status(frm).label.lower(),
                    }
                )
            workflow.move_claim(claim=claim, to=to, by=request.user)

        moved = _each(modeladmin, request, queryset, step)
        if moved:
            modeladmin.message_user(
                request,
                gettext("%(count)s claim(s) now %(status)s.")
                % {"count": moved, "status": Status(to).label.lower()},
                messages.SUCCESS,
            )

    move.__name__ = name
    return move


send_to_research = _mover(
    "send_to_research",
    Status.DRAFT,
    Status.RESEARCHING,
    _("Send the selected draft claims to research"),
)
send_to_review = _mover(
    "send_to_review", Status.RESEARCHING, Status.IN_REVIEW, _("Send the selected claims to review")
)
back_to_research = _mover(
    "back_to_research",
    Status.IN_REVIEW,
    Status.RESEARCHING,
    _("Send the selected claims back from review to research"),
)
back_to_draft = _mover(
    "back_to_draft",
    Status.RESEARCHING,
    Status.DRAFT,
    _("Send the selected claims back from research to draft"),
)


@admin.action(
    description=_("Publish the draft verdict of the selected claims"), permissions=["publish"]
)
def publish_draft_verdicts(modeladmin, request, queryset):
    published = _each(
        modeladmin,
        request,
        queryset,
        lambda claim: workflow.publish_claim(claim=claim, by=request.user),
    )
    if published:
        modeladmin.message_user(
            request,
            gettext("Published %(count)s verdict(s).") % {"count": published},
            messages.SUCCESS,
        )


def _ask(modeladmin, request, queryset, form, **page):
    """The intermediate page of an action that needs more than the selection."""
    return modeladmin.step_page(
        request,
        form=form,
        claims=list(queryset),
        cancel_url=reverse("admin:claims_claim_changelist"),
        **page,
    )


@admin.action(description=_("Retract the selected claims…"), permissions=["publish"])
def retract_claims(modeladmin, request, queryset):
    form = RetractForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return _ask(
            modeladmin,
            request,
            queryset,
            form,
            action="retract_claims",
            title=_("Retract claims"),
            submit_label=_("Retract"),
            intro=_(
                "Retracting withdraws these claims and their verdicts from publication. Readers see the reason."
            ),
        )
    reason = form.cleaned_data["reason"]
    retracted = _each(
        modeladmin,
        request,
        queryset,
        lambda claim: workflow.retract_claim(claim=claim, by=request.user, reason=reason),
    )
    if retracted:
        modeladmin.message_user(
            request,
            gettext("Retracted %(count)s claim(s).") % {"count": retracted},
            messages.SUCCESS,
        )
    return None


@admin.action(description=_("Assign the selected claims…"), permissions=["assign"])
def assign_claims(modeladmin, request, queryset):
    form = AssignForm(
        request.POST if "apply" in request.POST else None, assignees=assignable_users()
    )
    if not form.is_valid():
        return _ask(
            modeladmin,
            request,
            queryset,
            form,
            action="assign_claims",
            title=_("Assign claims"),
            submit_label=_("Assign"),
            intro=_("The fact-checker finds these claims under the “Assigned to me” queue."),
        )
    assignee = form.cleaned_data["assignee"]
    assigned = _each(
        modeladmin,
        request,
        queryset,
        lambda claim: workflow.assign_claim(claim=claim, to=assignee, by=request.user),
    )
    if assignee:
        done = gettext("Assigned %(count)s claim(s) to %(username)s.") % {
            "count": assigned,
            "username": assignee.get_username(),
        }
    else:
        done = gettext("Assigned %(count)s claim(s) to nobody.") % {"count": assigned}
    modeladmin.message_user(request, done, messages.SUCCESS)
    return None


ALL = [
    send_to_research,
    send_to_review,
    back_to_research,
    back_to_draft,
    publish_draft_verdicts,
    retract_claims,
    assign_claims,
]
