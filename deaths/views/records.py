"""Notifying and completing a death (a force's reporters), and reading, validating,
questioning and coding it (the national team). Every page that shows a record logs the read."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from core.concurrency import EditConflict, conflicted, stamp
from core.forms import posted, render_checked
from deaths import access, selectors, services
from deaths.forms import (
    AnswerForm,
    ChallengeForm,
    PersonForm,
    ReasonForm,
    RecommendationForm,
    RecordForm,
    ThemesForm,
    ValidateForm,
)
from deaths.models import FLAGS, AccessLog, Category, DeathRecord, Known, Person
from organisations.models import Organisation


@access.deaths_page(reason=False)
@require_http_methods(["GET", "POST"])
def reason(request):
    """Why the person is opening the repository: asked once a session, kept with every line
    of the access log the session writes."""
    form = ReasonForm(posted(request), initial={"reason": access.reason_of(request)})
    back = request.GET.get("next") or reverse("deaths:home")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith(
        "/deaths/"
    ):
        back = reverse("deaths:home")
    if request.method == "POST" and form.is_valid():
        request.session[access.REASON] = form.cleaned_data["reason"]
        return redirect(back)
    return render_checked(
        request, "deaths/reason.html", {"form": form}, form if request.method == "POST" else None
    )


def _labels():
    found = selectors.all_labels()
    return {name: found.get(name, {}) for name in services.LISTED.values()}


@access.deaths_page
@require_http_methods(["GET"])
def home(request):
    """The repository's front page: what needs the person, the quick-time counts, and the
    ways in that their role opens."""
    from django.utils import timezone

    user = request.user
    national = access.is_national(user)
    forces = access.reporting_forces(user)
    queue = selectors.queue(user, forces, national)
    listed = sum(len(v) for v in queue.values())
    if listed:
        access.log(request, AccessLog.Kind.SEARCH, f"overview: {listed} records listed")
    return render(
        request,
        "deaths/home.html",
        {
            "national": national,
            "reporter": bool(forces),
            "queue": queue,
            "counts": selectors.quick_counts(timezone.localdate()) if national else None,
            "grants": access.grants_roles(user),
            "reason": dict(AccessLog.Reason.choices).get(access.reason_of(request)),
        },
    )


def _reporting(user) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=access.reporting_forces(user)).order_by("name"))


@access.deaths_page(allowed=lambda user: bool(access.reporting_forces(user)))
@require_http_methods(["GET", "POST"])
def notify(request):
    """A force's reporter notifies a death: sent at once, or kept as a draft to complete."""
    forces = _reporting(request.user)
    form = RecordForm(posted(request), forces=forces)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(f for f in forces if str(f.pk) == data["organisation"])
        try:
            record = services.record_notify(
                organisation=organisation,
                by=request.user,
                fields={k: data.get(k) for k in services.RECORD_FIELDS},
                send=request.POST.get("send") == "now",
                once=data.get("once"),
            )
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            access.log(request, AccessLog.Kind.READ, f"{record} notified", record)
            messages.success(
                request,
                _("The death is notified to the national team. Add the people next.")
                if record.status == DeathRecord.Status.NOTIFIED
                else _("The notification is saved as a draft. Complete it and send it when you can."),
            )
            return redirect("deaths:record", pk=record.pk)
    return render_checked(
        request,
        "deaths/record_form.html",
        {"form": form, "record": None},
        form if request.method == "POST" else None,
    )


def _described(record: DeathRecord, people: list[Person]) -> dict:
    terms = _labels()
    known = dict(Known.choices)
    rows = []
    for person in people:
        details = [
            ("Sex", person.get_sex_display()),
            ("Age band", terms["age_band"].get(person.age_band, person.age_band)),
            ("Ethnicity", terms["ethnicity"].get(person.ethnicity, person.ethnicity)),
            (
                "Relationship to the victim",
                terms["relationship"].get(person.relationship, person.relationship),
            ),
            (
                "Police contacts (12 months, 5 years)",
                f"{'Not known' if person.contacts_12m is None else person.contacts_12m}, "
                f"{'Not known' if person.contacts_5y is None else person.contacts_5y}",
            ),
            ("Highest DA risk assessment level", person.get_risk_level_display()),
        ]
        details += [
            (str(Person._meta.get_field(f).verbose_name).capitalize(), known[getattr(person, f)])
            for f in FLAGS
        ]
        rows.append({"person": person, "details": details})
    return {
        "method": terms["method"].get(record.method, record.method),
        "location": terms["location"].get(record.location, record.location),
        "charge": terms["charge"].get(record.charge, record.charge),
        "conclusion": terms["conclusion"].get(record.conclusion, record.conclusion),
        "exclusion": terms["exclusion"].get(record.exclusion, record.exclusion),
        "people": rows,
    }


def _record_context(request, record, can_edit) -> dict:
    people = selectors.people(record)
    challenges = selectors.challenges(record)
    known, asked = selectors.completeness(record, people)
    open_challenge = next((c for c in challenges if not c.settled), None)
    return {
        "record": record,
        "can_edit": can_edit,
        "national": access.is_national(request.user),
        "described": _described(record, people),
        "challenges": challenges,
        "open_challenge": open_challenge,
        "recommendations": selectors.recommendations(record),
        "themes": list(record.themes.all()),
        "known": known,
        "asked": asked,
        "history": selectors.record_history(record),
        "case_review": _case_review(record),
    }


def _case_review(record):
    if not record.case_review_id:
        return None
    from casereviews import selectors as learning

    return learning.published_review(record.case_review_id)


@access.deaths_page
@require_http_methods(["GET"])
def record(request, pk):
    """A record: what the force notified, its people, the investigation, the validation and
    any question about the category, the coding, and every change."""
    item, can_edit = access.get_record_for_user(request.user, pk)
    access.log(request, AccessLog.Kind.READ, str(item), item)
    return render(request, "deaths/record.html", _record_context(request, item, can_edit))


@access.deaths_page
@require_http_methods(["GET"])
def record_print(request, pk):
    """The record laid out for printing, logged as a print."""
    item, can_edit = access.get_record_for_user(request.user, pk)
    access.log(request, AccessLog.Kind.PRINT, str(item), item)
    return render(request, "deaths/record_print.html", _record_context(request, item, can_edit))


def _editable(request, pk):
    """A record the person's force notified, for a page that changes it (logged as a read:
    the page shows what the record holds)."""
    item, can_edit = access.get_record_for_user(request.user, pk)
    access.require(can_edit)
    access.log(request, AccessLog.Kind.READ, f"{item} (changing)", item)
    return item


@access.deaths_page
@require_http_methods(["GET", "POST"])
def record_edit(request, pk):
    item = _editable(request, pk)
    initial = {k: getattr(item, k) for k in services.RECORD_FIELDS}
    for name in ("method", "location", "charge", "conclusion"):
        if initial[name] == "not_known":
            initial[name] = ""
    form = RecordForm(
        posted(request),
        forces=[item.organisation],
        record=item,
        initial=initial,
        version=stamp(item, services.RECORD_FIELDS),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data.get(k) for k in services.RECORD_FIELDS}
        for name in ("method", "location", "charge", "conclusion"):
            fields[name] = fields[name] or "not_known"
        try:
            item = services.record_update(
                record=item, by=request.user, fields=fields, seen=data.get("version") or None
            )
            if request.POST.get("send") == "now":
                item = services.record_send(record=item, by=request.user)
        except EditConflict as clash:
            conflict = conflicted(form, clash, fields)
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The record is saved."))
            return redirect("deaths:record", pk=item.pk)
    return render_checked(
        request,
        "deaths/record_form.html",
        {"form": form, "record": item, "conflict": conflict},
        form if request.method == "POST" else None,
    )


@access.deaths_page
@require_POST
def record_send(request, pk):
    item = _editable(request, pk)
    services.record_send(record=item, by=request.user)
    messages.success(request, _("The death is notified to the national team."))
    return redirect("deaths:record", pk=item.pk)


@access.deaths_page
@require_http_methods(["GET", "POST"])
def person_add(request, pk):
    item = _editable(request, pk)
    form = PersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_add(
                record=item,
                by=request.user,
                fields={k: data.get(k) for k in services.PERSON_FIELDS},
                once=data.get("once"),
            )
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(
                request, _("The {role} is added.").format(role=str(Person.Role(data["role"]).label).lower())
            )
            return redirect("deaths:record", pk=item.pk)
    return render_checked(
        request,
        "deaths/person_form.html",
        {"form": form, "record": item, "person": None},
        form if request.method == "POST" else None,
    )


def _person(item, person_pk) -> Person:
    person = item.people.filter(pk=person_pk).first()
    if person is None:
        raise Http404("Not found")
    return person


@access.deaths_page
@require_http_methods(["GET", "POST"])
def person(request, pk, person_pk):
    item = _editable(request, pk)
    found = _person(item, person_pk)
    initial = {k: getattr(found, k) for k in services.PERSON_FIELDS}
    form = PersonForm(
        posted(request), person=found, initial=initial, version=stamp(found, services.PERSON_FIELDS)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data.get(k) for k in services.PERSON_FIELDS}
        try:
            services.person_update(
                person=found, by=request.user, fields=fields, seen=data.get("version") or None
            )
        except EditConflict as clash:
            conflict = conflicted(form, clash, fields)
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The person's details are saved."))
            return redirect("deaths:record", pk=item.pk)
    return render_checked(
        request,
        "deaths/person_form.html",
        {"form": form, "record": item, "person": found, "conflict": conflict},
        form if request.method == "POST" else None,
    )


@access.deaths_page
@require_http_methods(["GET", "POST"])
def person_remove(request, pk, person_pk):
    item = _editable(request, pk)
    found = _person(item, person_pk)
    if request.method == "POST":
        services.person_remove(person=found, by=request.user)
        messages.success(request, _("The person is removed from the record."))
        return redirect("deaths:record", pk=item.pk)
    return render(
        request,
        "deaths/confirm.html",
        {
            "caption": str(item),
            "question": _("Remove this {role} from the record?").format(
                role=found.get_role_display().lower()
            ),
            "consequences": _("Their details leave the record; its history keeps what they were."),
            "button": _("Remove"),
            "cancel": reverse("deaths:record", args=[item.pk]),
        },
    )


@access.deaths_page(allowed=lambda user: bool(access.reporting_forces(user)))
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    """The force answers the national team's question about the category."""
    item = _editable(request, pk)
    challenge = next((c for c in selectors.challenges(item) if not c.settled), None)
    if challenge is None or challenge.answered_at:
        messages.info(request, _("There is no question waiting for your force's answer."))
        return redirect("deaths:record", pk=item.pk)
    form = AnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_answer(record=item, by=request.user, answer=form.cleaned_data["answer"])
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Your answer is sent to the national team."))
            return redirect("deaths:record", pk=item.pk)
    return render_checked(
        request,
        "deaths/answer.html",
        {"form": form, "record": item, "challenge": challenge},
        form if request.method == "POST" else None,
    )


def _national_record(request, pk) -> DeathRecord:
    """A record for one of the national team's pages about it (logged as a read)."""
    item, _unused = access.get_record_for_user(request.user, pk)
    access.log(request, AccessLog.Kind.READ, f"{item} (national team)", item)
    return item


@access.deaths_page(allowed=access.is_national)
@require_http_methods(["GET", "POST"])
def challenge(request, pk):
    """The national team questions the category the force gave."""
    item = _national_record(request, pk)
    form = ChallengeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_raise(record=item, by=request.user, **form.cleaned_data)
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Your question is sent to the force."))
            return redirect("deaths:record", pk=item.pk)
    return render_checked(
        request,
        "deaths/challenge.html",
        {"form": form, "record": item},
        form if request.method == "POST" else None,
    )


@access.deaths_page(allowed=access.is_national)
@require_http_methods(["GET", "POST"])
def validate(request, pk):
    """The national team confirms the category and decides whether the death is in scope."""
    item = _national_record(request, pk)
    challenge = next((c for c in selectors.challenges(item) if not c.settled), None)
    form = ValidateForm(
        posted(request),
        initial={
            "category": item.category,
            "scope": "excluded" if item.scope == DeathRecord.Scope.EXCLUDED else "in_scope",
            "exclusion": item.exclusion,
            "note": item.exclusion_note,
        },
        version=stamp(item, services.VALIDATION_FIELDS),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_validate(
                record=item,
                by=request.user,
                category=data["category"],
                in_scope=data["scope"] == "in_scope",
                exclusion=data.get("exclusion") or "",
                note=data.get("note") or "",
                seen=data.get("version") or None,
            )
        except EditConflict as clash:
            conflict = conflicted(form, clash, {"category": data["category"]})
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The record is validated."))
            return redirect("deaths:record", pk=item.pk)
    return render_checked(
        request,
        "deaths/validate.html",
        {
            "form": form,
            "record": item,
            "challenge": challenge,
            "categories": dict(Category.choices),
            "conflict": conflict,
        },
        form if request.method == "POST" else None,
    )


@access.deaths_page(allowed=access.is_national)
@require_http_methods(["GET", "POST"])
def coding(request, pk):
    """The national team codes the death's themes and recommendations, linked to the plan's
    actions, and links its published case review."""
    from framework import selectors as plan

    item = _national_record(request, pk)
    step = request.POST.get("step") if request.method == "POST" else None
    themes = ThemesForm(
        request.POST if step == "themes" else None,
        initial={"themes": [str(t.pk) for t in item.themes.all()]},
        version=stamp(item, ("themes",)),
    )
    actions = plan.current_actions()
    recommendation = RecommendationForm(request.POST if step == "recommendation" else None, actions=actions)
    problems = []
    if request.method == "POST":
        try:
            if step == "themes":
                if themes.is_valid():
                    services.themes_set(
                        record=item,
                        by=request.user,
                        themes=[themes.terms[k] for k in themes.cleaned_data["themes"]],
                        seen=themes.cleaned_data.get("version") or None,
                    )
                    messages.success(request, _("The themes are saved."))
                    return redirect("deaths:coding", pk=item.pk)
            elif step == "recommendation":
                if recommendation.is_valid():
                    data = recommendation.cleaned_data
                    services.recommendation_add(
                        record=item,
                        by=request.user,
                        text=data["text"],
                        addressee=data["addressee"],
                        action=recommendation.actions.get(data.get("action") or ""),
                        once=data.get("once"),
                    )
                    messages.success(request, _("The recommendation is added."))
                    return redirect("deaths:coding", pk=item.pk)
            elif step == "review":
                raw = (request.POST.get("case_review") or "").strip()
                if raw and not raw.isdigit():
                    problems.append("Enter the number of a published case review, or leave it empty")
                else:
                    from casereviews import selectors as learning

                    if raw and learning.published_review(int(raw)) is None:
                        problems.append("There is no published case review with that number")
                    else:
                        services.case_review_link(
                            record=item, by=request.user, case_review_id=int(raw) if raw else None
                        )
                        messages.success(request, _("The case review link is saved."))
                        return redirect("deaths:coding", pk=item.pk)
            else:
                problems.append("Choose what to save")
        except EditConflict:
            problems.append(
                "Someone else saved this record's themes after you opened it: check them and save again"
            )
        except services.DeathsError as problem:
            problems.append(str(problem))
    return render_checked(
        request,
        "deaths/coding.html",
        {
            "record": item,
            "themes": themes,
            "recommendation": recommendation,
            "recommendations": selectors.recommendations(item),
            "case_review": _case_review(item),
        },
        [themes, recommendation] if request.method == "POST" else None,
        problems,
    )


@access.deaths_page(allowed=access.is_national)
@require_http_methods(["GET", "POST"])
def recommendation_remove(request, pk, recommendation_pk):
    item = _national_record(request, pk)
    found = item.recommendations.filter(pk=recommendation_pk).first()
    if found is None:
        raise Http404("Not found")
    if request.method == "POST":
        services.recommendation_remove(recommendation=found, by=request.user)
        messages.success(request, _("The recommendation is removed."))
        return redirect("deaths:coding", pk=item.pk)
    return render(
        request,
        "deaths/confirm.html",
        {
            "caption": str(item),
            "question": _("Remove this recommendation?"),
            "consequences": found.text,
            "button": _("Remove"),
            "cancel": reverse("deaths:coding", args=[item.pk]),
        },
    )
