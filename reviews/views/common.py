"""What the peer review pages share."""

from django.contrib import messages
from django.shortcuts import redirect

from core.forms import render_checked
from reviews import services


def confirm_removal(request, template: str, context: dict, remove, done: str, then):
    """A page that asks before removing something (GET), and removes it (POST): `remove()`
    calls the service; `then` is where to go after (a URL); a refusal shows in the error
    summary."""
    problems = []
    if request.method == "POST":
        try:
            remove()
        except services.ReviewError as problem:
            problems.append(str(problem))
        else:
            messages.success(request, done)
            return redirect(then)
    return render_checked(request, f"reviews/{template}", context, None, problems)
