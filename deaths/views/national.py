"""The national team's pages of the deaths repository: searching and exporting records, the
disclosure-safe dashboard and reports, the access log, retention, roles and the lists."""

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import mfa
from core.concurrency import EditConflict, conflicted, stamp
from core.downloads import csv_download, pdf_download
from core.forms import posted, render_checked
from deaths import access, selectors, services
from deaths.forms import ConfirmForm, GrantForm, ReportForm, TermForm
from deaths.lists import LISTS
from deaths.models import AccessLog, Category, DeathRecord, Grant, Report, Term
from organisations.models import Organisation


def _forces():
    return list(Organisation.objects.filter(kind=Organisation.Kind.FORCE).order_by("name"))


@access.deaths_page
@require_GET
def search(request):
    """Records the person may open, filtered; each search is logged with its terms."""
    found, text = selectors.search(access.records_for(request.user), request.GET)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    page.param = "page"
    terms = "; ".join(
        f"{k}={request.GET[k][:40]}" for k in ("q", *selectors.SEARCH_FILTERS) if request.GET.get(k)
    )
    access.log(request, AccessLog.Kind.SEARCH, terms or "all records")
    national = access.is_national(request.user)
    return render(
        request,
        "deaths/search.html",
        {
            "page": page,
            "q": text,
            "chosen": {k: request.GET.get(k, "") for k in selectors.SEARCH_FILTERS},
            "forces": _forces() if national else [],
            "national": national,
            "categories": Category.choices,
            "statuses": DeathRecord.Status.choices,
            "validations": DeathRecord.Validation.choices,
            "scopes": DeathRecord.Scope.choices,
        },
    )


@access.deaths_page(allowed=access.is_national)
@mfa.fresh
@require_GET
def export(request):
    """The records matching a search as CSV, for analysis: needs a second factor in the last
    few minutes, and is logged with how many records it held."""
    from deaths.exports import record_rows

    found, _unused = selectors.search(access.records_for(request.user), request.GET)
    count = found.count()
    access.log(request, AccessLog.Kind.EXPORT, f"{count} records")
    return csv_download(record_rows(found), f"deaths-{timezone.localdate():%Y-%m-%d}.csv")


def _year(request) -> int:
    latest = selectors.last_full_year(timezone.localdate()) + 1
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= latest:
        return int(raw)
    return selectors.last_full_year(timezone.localdate())


@access.deaths_page(allowed=access.is_national)
@require_GET
def dashboard(request):
    """Deaths by category, month, region, age band, sex, relationship, method and risk factors,
    against the year before: every table suppressed as it would be published."""
    year = _year(request)
    threshold = selectors.threshold()
    tables, checks = selectors.suppressed_tables(year, threshold)
    latest = selectors.last_full_year(timezone.localdate()) + 1
    return render(
        request,
        "deaths/dashboard.html",
        {
            "tables": tables,
            "checks": checks,
            "passed": all(c["passed"] for c in checks.values()),
            "threshold": threshold,
            "year": year,
            "years": [(y, selectors.year_label(date(y, 4, 1))) for y in range(latest, latest - 10, -1)],
            "label": selectors.year_label(date(year, 4, 1)),
        },
    )


@access.deaths_page(allowed=access.is_national)
@require_GET
def reports(request):
    return render(
        request, "deaths/reports.html", {"reports": list(Report.objects.select_related("created_by")[:200])}
    )


@access.deaths_page(allowed=access.is_national)
@require_http_methods(["GET", "POST"])
def report_new(request):
    """Freezes the suppressed tables for a period into a report: by default the last project
    year (April to March)."""
    start, end = selectors.project_year(date(selectors.last_full_year(timezone.localdate()), 4, 1))
    form = ReportForm(
        posted(request),
        initial={
            "title": f"Domestic abuse-related deaths, {selectors.year_label(start)}",
            "period_from": start,
            "period_to": end,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_create(
                by=request.user,
                title=data["title"],
                period_from=data["period_from"],
                period_to=data["period_to"],
                threshold=selectors.threshold(),
                once=data.get("once"),
            )
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The report is made: its tables are frozen as they are today."))
            return redirect("deaths:report", pk=report.pk)
    return render_checked(
        request, "deaths/report_form.html", {"form": form}, form if request.method == "POST" else None
    )


def _report(pk) -> Report:
    report = Report.objects.select_related("created_by").filter(pk=pk).first()
    if report is None:
        raise Http404("Not found")
    return report


@access.deaths_page(allowed=access.is_national)
@require_GET
def report(request, pk):
    return render(request, "deaths/report.html", {"report": _report(pk)})


@access.deaths_page(allowed=access.is_national)
@require_GET
def report_pdf(request, pk):
    item = _report(pk)
    return pdf_download(request, "deaths/report_pdf.html", {"report": item}, f"deaths-report-{item.pk}.pdf")


@access.deaths_page(allowed=access.is_national)
@require_GET
def report_csv(request, pk):
    """The report's suppressed tables as CSV: one block per table, hidden cells as words."""
    item = _report(pk)

    def rows():
        yield [item.title]
        yield [
            _("{first} to {last}").format(
                first=date_format(item.period_from, "j F Y"), last=date_format(item.period_to, "j F Y")
            ),
            _("Counts under {threshold} are not shown").format(threshold=item.threshold),
        ]
        for table in item.tables:
            yield []
            yield [table["title"]]
            yield ["", *table["columns"]]
            for row in table["rows"]:
                yield [row["label"], *[_cell(c, item.threshold) for c in row["cells"]]]

    return csv_download(rows(), f"deaths-report-{item.pk}.csv")


def _cell(cell, threshold) -> str:
    if cell["hidden"] == "primary":
        return f"fewer than {threshold}"
    if cell["hidden"]:
        return "not shown"
    return str(cell["count"])


@access.deaths_page(allowed=access.is_lead)
@require_GET
def access_log(request):
    """Every read, search, export, print and deletion, newest first."""
    found = selectors.access_log(request.GET)
    page = Paginator(found, 100).get_page(request.GET.get("page"))
    page.param = "page"
    return render(
        request,
        "deaths/access_log.html",
        {
            "page": page,
            "kinds": AccessLog.Kind.choices,
            "chosen": {k: request.GET.get(k, "") for k in ("kind", "who", "record")},
        },
    )


@access.deaths_page(allowed=access.is_lead)
@require_GET
def access_month(request):
    """The monthly access report: who opened the repository how often, and why."""
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    try:
        year, month = (int(p) for p in raw.split("-"))
        chosen = date(year, month, 1)
    except ValueError:
        chosen = date(today.year, today.month, 1)
    months = []
    day = date(today.year, today.month, 1)
    for _unused in range(12):
        months.append(day)
        day = date(day.year - (day.month == 1), (day.month - 2) % 12 + 1, 1)
    return render(
        request, "deaths/access_month.html", {"report": selectors.monthly_access(chosen), "months": months}
    )


@access.deaths_page(allowed=access.is_lead)
@require_GET
def retention(request):
    found, cutoff = selectors.retention_due(timezone.localdate())
    page = Paginator(found, 100).get_page(request.GET.get("page"))
    page.param = "page"
    if page.object_list:
        access.log(request, AccessLog.Kind.SEARCH, f"records past retention, page {page.number}")
    return render(request, "deaths/retention.html", {"page": page, "cutoff": cutoff})


@access.deaths_page(allowed=access.is_lead)
@require_http_methods(["GET", "POST"])
def retention_delete(request, pk):
    """Deletes a record past its retention period, after the lead confirms they reviewed it."""
    found, cutoff = selectors.retention_due(timezone.localdate())
    item = found.filter(pk=pk).first()
    if item is None:
        raise Http404("Not found")
    form = ConfirmForm(posted(request))
    if request.method == "GET":
        access.log(request, AccessLog.Kind.READ, f"{item} (retention)", item)
    if request.method == "POST" and form.is_valid():
        services.record_delete(record=item, by=request.user, reason=AccessLog.Reason.RETENTION)
        messages.success(request, _("The record {item} is deleted.").format(item=item))
        return redirect("deaths:retention")
    return render_checked(
        request,
        "deaths/retention_delete.html",
        {"form": form, "record": item, "cutoff": cutoff},
        form if request.method == "POST" else None,
    )


@access.deaths_page(reason=False, allowed=access.grants_roles)
@require_http_methods(["GET", "POST"])
def grants(request):
    """Who holds a deaths role, and granting one: national admins and deaths leads. Shows no
    record, so it needs no reason for access."""
    from django.contrib.auth import get_user_model

    organisations = list(Organisation.objects.order_by("kind", "name"))
    form = GrantForm(posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = get_user_model().objects.filter(email__iexact=data["email"]).first()
        organisation = next(o for o in organisations if str(o.pk) == data["organisation"])
        if person is None:
            form.add_error(
                "email", _("There is no account with that email address: invite them to the team first")
            )
        else:
            try:
                services.grant_add(
                    person=person, organisation=organisation, role=data["role"], by=request.user
                )
            except services.DeathsError as problem:
                form.add_error(None, str(problem))
            else:
                messages.success(
                    request,
                    _("{person} is now a {role}.").format(
                        person=person, role=str(Grant.Role(data["role"]).label).lower()
                    ),
                )
                return redirect("deaths:grants")
    held = list(
        Grant.objects.select_related("user", "organisation", "granted_by").order_by(
            "role", "organisation__name"
        )
    )
    return render_checked(
        request,
        "deaths/grants.html",
        {"form": form, "held": held},
        form if request.method == "POST" else None,
    )


@access.deaths_page(reason=False, allowed=access.grants_roles)
@require_http_methods(["GET", "POST"])
def grant_remove(request, grant_pk):
    grant = Grant.objects.select_related("user", "organisation").filter(pk=grant_pk).first()
    if grant is None:
        raise Http404("Not found")
    if request.method == "POST":
        services.grant_remove(grant=grant, by=request.user)
        messages.success(request, _("{user} no longer holds the role.").format(user=grant.user))
        return redirect("deaths:grants")
    return render(
        request,
        "deaths/confirm.html",
        {
            "caption": _("Deaths roles"),
            "question": _("Take the role of {role} from {user}?").format(
                role=grant.get_role_display().lower(), user=grant.user
            ),
            "consequences": _("They will no longer open the deaths repository for {name}.").format(
                name=grant.organisation.shown_name
            ),
            "button": _("Take the role away"),
            "cancel": reverse("deaths:grants"),
        },
    )


@access.deaths_page(allowed=access.is_lead)
@require_http_methods(["GET", "POST"])
def lists(request):
    """The controlled lists: add a term to one (a lead)."""
    name = request.POST.get("list") if request.method == "POST" else None
    form = TermForm(posted(request))
    problems = []
    if request.method == "POST":
        if name not in LISTS:
            problems.append("Choose a list")
        elif form.is_valid():
            try:
                services.term_add(list_name=name, label=form.cleaned_data["label"], by=request.user)
            except services.DeathsError as problem:
                form.add_error("label", str(problem))
            else:
                messages.success(request, _("The term is added."))
                return redirect(reverse("deaths:lists") + f"#list-{name}")
    terms = list(Term.objects.order_by("list", "position", "pk"))
    shown = [
        {"name": n, "label": label, "terms": [t for t in terms if t.list == n]}
        for n, (label, _unused) in LISTS.items()
    ]
    return render_checked(
        request,
        "deaths/lists.html",
        {"lists": shown, "form": form},
        form if request.method == "POST" else None,
        problems,
    )


@access.deaths_page(allowed=access.is_lead)
@require_http_methods(["GET", "POST"])
def term(request, term_pk):
    found = Term.objects.filter(pk=term_pk).first()
    if found is None:
        raise Http404("Not found")
    form = TermForm(
        posted(request),
        initial={"label": found.label, "in_use": found.in_use},
        version=stamp(found, ("label", "in_use")),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.term_update(
                term=found,
                by=request.user,
                label=data["label"],
                in_use=data["in_use"],
                seen=data.get("version") or None,
            )
        except EditConflict as clash:
            conflict = conflicted(form, clash, {"label": data["label"], "in_use": data["in_use"]})
        except services.DeathsError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("The term is saved."))
            return redirect(reverse("deaths:lists") + f"#list-{found.list}")
    return render_checked(
        request,
        "deaths/term.html",
        {
            "form": form,
            "term": found,
            "list_label": LISTS.get(found.list, (found.list,))[0],
            "conflict": conflict,
        },
        form if request.method == "POST" else None,
    )
