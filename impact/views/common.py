"""What the pages of this app share: helpers used by more than one group of pages."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from core.concurrency import EditConflict, conflicted
from core.forms import posted, render_checked
from impact import forms, services


def saved_or_conflict(request, item, form, values, stamped):
    """Saves a person's changes to one thing unless someone else changed those fields since
    their form was drawn. Returns None when saved, or what the page shows of the clash."""
    try:
        services.changes_save(item, request.user, values, seen=form.cleaned_data["version"], stamped=stamped)
    except EditConflict as clash:
        return conflicted(form, clash, values)
    return None


def render_page(request, name, context, form=None, problems=None, anchor="#main-content"):
    return render_checked(request, f"impact/{name}", context, form, problems, anchor)


def to_objective(plan_pk: int, objective_pk: int):
    """Back to the plan page, at the objective the person was working on."""
    return redirect(f"{reverse('impact:plan', args=[plan_pk])}#objective-{objective_pk}")


def objective_or_404(plan, objective_pk):
    item = (
        plan.objectives.select_related("toolkit_objective", "objective", "impact_owner")
        .filter(pk=objective_pk)
        .first()
    )
    if item is None:
        raise Http404("No such objective in this plan")
    return item


def file_page(request, name, context, *, label, help_text, apply, done, then):
    """A page with one file to upload that is checked whole: every problem is listed by row and
    column and nothing is saved, or it is applied and the user goes on to `then`."""
    form = forms.FileForm(posted(request), request.FILES or None, label=label, help_text=help_text)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            written = apply(form.cleaned_data["file"])
        except services.MeasurementsRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(request, done(written))
            return redirect(then)
    return render_page(
        request, name, {**context, "form": form, "problems": problems}, form, problems, "#id_file"
    )
