"""The public tip page: a plain form, no JavaScript needed."""

from django.shortcuts import redirect, render

from intake import services
from intake.forms import TipForm
from intake.throttles import TipThrottle


def _too_many(request):
    throttle = TipThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = int(throttle.wait() or 60) + 1
    response = render(request, "429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def tip_new(request):
    if request.method != "POST":
        return render(request, "intake/tip_form.html", {"form": TipForm()})
    refused = _too_many(request)
    if refused:
        return refused
    form = TipForm(request.POST)
    if form.is_robot:
        return redirect("tip-thanks")
    if not form.is_valid():
        return render(request, "intake/tip_form.html", {"form": form}, status=400)
    services.receive_tip(**form.tip_values())
    return redirect("tip-thanks")


def tip_thanks(request):
    return render(request, "intake/tip_thanks.html")
