"""Reads of the deaths repository: the queues, search, history, the quick-time counts, and the
suppressed tables that dashboards, reports and the API publish."""

import random
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.cache import kept
from deaths import rules
from deaths.models import (
    FLAGS,
    AccessLog,
    Category,
    Challenge,
    DeathRecord,
    DeathsState,
    Known,
    Person,
    Recommendation,
    Term,
)

# Rare categories: never counted force by force (merged into "All other categories").
COMMON = (Category.INTIMATE_PARTNER, Category.ADULT_FAMILY, Category.SUSPECTED_SUICIDE)


def labels(list_name: str) -> dict[str, str]:
    """Code to label for one controlled list (retired terms included, so old records read)."""
    return dict(Term.objects.filter(list=list_name).values_list("code", "label"))


def all_labels() -> dict[str, dict[str, str]]:
    """Code to label for every controlled list, in one query."""
    from collections import defaultdict

    found: dict[str, dict[str, str]] = defaultdict(dict)
    for list_name, code, label in Term.objects.values_list("list", "code", "label"):
        found[list_name][code] = label
    return found


def choices(list_name: str, keep: str = "") -> list[tuple[str, str]]:
    """The terms in use of one list, in order, as form choices; `keep` (a record's current
    code) stays offered even if it has been retired."""
    return list(
        Term.objects.filter(list=list_name)
        .filter(Q(in_use=True) | Q(code=keep))
        .order_by("position", "pk")
        .values_list("code", "label")
    )


def counted(queryset):
    """Records that count: sent to the national team and not excluded."""
    return queryset.filter(status=DeathRecord.Status.NOTIFIED).exclude(scope=DeathRecord.Scope.EXCLUDED)


def project_year(day: date) -> tuple[date, date]:
    """The project's year (April to March) that `day` falls in."""
    start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    return start, date(start.year + 1, 3, 31)


def year_label(start: date) -> str:
    return f"Apr {start.year} to Mar {start.year + 1}"


def last_full_year(today: date) -> int:
    """The start year of the latest project year that has ended."""
    return project_year(today)[0].year - 1


# The queue and the quick-time counts -----------------------------------------------------


def quick_counts(today: date) -> dict:
    """Deaths notified (and not excluded) by category and month, for the last 12 months: the
    national team's always-current count, unsuppressed (only deaths roles see it). One query."""
    first = date(today.year - 1, today.month, 1)
    months = []
    day = first
    for _unused in range(13):
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    rows = counted(DeathRecord.objects.filter(died_on__gte=first, died_on__lte=today)).values_list(
        "category", "died_on"
    )
    counts = Counter((c, date(d.year, d.month, 1)) for c, d in rows)
    return {
        "months": months,
        "rows": [
            {
                "label": label,
                "cells": [counts[(value, m)] for m in months],
                "total": sum(counts[(value, m)] for m in months),
            }
            for value, label in Category.choices
        ],
        "totals": [sum(counts[(v, m)] for v in Category.values) for m in months],
        "total": sum(counts.values()),
    }


def queue(user, forces: list[int], national: bool) -> dict:
    """What the repository needs of the person: for reporters, their forces' drafts and the
    national team's questions to answer; for analysts and leads, notifications to validate."""
    found: dict = {}
    if forces:
        mine = DeathRecord.objects.filter(organisation_id__in=forces).select_related("organisation")
        found["drafts"] = list(mine.filter(status=DeathRecord.Status.DRAFT).order_by("-created_at")[:50])
        found["questions"] = list(
            mine.filter(validation=DeathRecord.Validation.CHALLENGED).order_by("-updated_at")[:50]
        )
    if national:
        found["to_validate"] = list(
            DeathRecord.objects.filter(
                status=DeathRecord.Status.NOTIFIED,
                validation__in=[DeathRecord.Validation.TO_VALIDATE, DeathRecord.Validation.ANSWERED],
            )
            .select_related("organisation")
            .order_by("notified_at")[:100]
        )
    return found


def needs_you(user, today) -> list:
    """For the home page: counts only, never a detail of a death. One query for people with no
    deaths role; three at most for those with one."""
    from django.urls import reverse

    from core.work import Item
    from deaths.models import Grant

    grants = list(Grant.objects.filter(user=user).values_list("role", "organisation_id"))
    if not grants:
        return []
    items = []
    forces = [o for r, o in grants if r == Grant.Role.REPORTER]
    if forces:
        asked = DeathRecord.objects.filter(
            organisation_id__in=forces, validation=DeathRecord.Validation.CHALLENGED
        ).count()
        if asked:
            items.append(
                Item(
                    f"Answer {asked} question{'s' if asked != 1 else ''} about deaths your force notified",
                    reverse("deaths:home"),
                )
            )
    if any(r != Grant.Role.REPORTER for r, _unused in grants):
        waiting = DeathRecord.objects.filter(
            status=DeathRecord.Status.NOTIFIED,
            validation__in=[DeathRecord.Validation.TO_VALIDATE, DeathRecord.Validation.ANSWERED],
        ).count()
        if waiting:
            items.append(
                Item(
                    f"Validate {waiting} death notification{'s' if waiting != 1 else ''}",
                    reverse("deaths:home"),
                )
            )
    return items


def role_summary(user) -> str:
    """What the person's deaths roles let them do, for their home page ('' when none). One
    query."""
    from deaths.models import Grant

    roles = set(Grant.objects.filter(user=user).values_list("role", flat=True))
    if roles & {Grant.Role.ANALYST, Grant.Role.LEAD}:
        return "validate, analyse and report on every notification"
    if roles:
        return "notify deaths for your force and answer the national team's questions"
    return ""


SEARCH_FILTERS = ("force", "category", "status", "validation", "scope", "year")


def search(records, params) -> tuple:
    """Records matching the filters (a reference, a force, a category, a state, a year)."""
    text = (params.get("q") or "").strip()[:50]
    if text:
        records = records.filter(force_reference__icontains=text)
    for name, field in (
        ("category", "category"),
        ("status", "status"),
        ("validation", "validation"),
        ("scope", "scope"),
    ):
        value = params.get(name)
        if value:
            records = records.filter(**{field: value})
    force = params.get("force")
    if force and force.isdigit():
        records = records.filter(organisation_id=int(force))
    year = params.get("year")
    if year and year.isdigit() and len(year) == 4:
        start, end = project_year(date(int(year), 4, 1))
        records = records.filter(died_on__gte=start, died_on__lte=end)
    return records.select_related("organisation").order_by("-died_on", "-pk"), text


def people(record: DeathRecord) -> list[Person]:
    return list(record.people.all())


def challenges(record: DeathRecord) -> list[Challenge]:
    return list(record.challenges.select_related("raised_by", "answered_by"))


def recommendations(record: DeathRecord) -> list[Recommendation]:
    return list(record.recommendations.select_related("action", "created_by"))


def completeness(record: DeathRecord, found_people: list[Person]) -> tuple[int, int]:
    """How many of the record's details are known: (known, asked)."""
    values: list[str | int | None] = [
        record.method,
        record.location,
        record.suspect_arrested,
        record.charge,
        record.conclusion,
        record.review_commissioned,
    ]
    for person in found_people:
        values += [person.sex, person.age_band, person.ethnicity, person.relationship, person.risk_level]
        values += [getattr(person, f) for f in FLAGS]
        values += [person.contacts_12m, person.contacts_5y]
    known = sum(1 for v in values if v not in (None, "", Known.NOT_KNOWN))
    return known, len(values)


def record_history(record: DeathRecord) -> list[dict]:
    """Every change to the record, its people, questions and recommendations, newest first."""
    from core.history import changes

    terms = all_labels()
    known = dict(Known.choices)
    entries = changes(
        list(record.history.select_related("history_user")),
        {
            "force_reference": _("Force reference"),
            "died_on": _("Date of death"),
            "category": _("Category"),
            "method": _("Method"),
            "location": _("Location type"),
            "circumstances": _("Circumstances"),
            "suspect_arrested": _("Suspect arrested"),
            "charge": _("Charged offence"),
            "conclusion": _("Coroner's conclusion"),
            "review_commissioned": _("Review commissioned"),
            "status": _("Status"),
            "validation": _("Validation"),
            "scope": _("Scope"),
            "exclusion": _("Reason for exclusion"),
        },
        lambda r: _("The record"),
        {
            "category": dict(Category.choices),
            "method": terms["method"],
            "location": terms["location"],
            "charge": terms["charge"],
            "conclusion": terms["conclusion"],
            "suspect_arrested": known,
            "review_commissioned": known,
            "status": dict(DeathRecord.Status.choices),
            "validation": dict(DeathRecord.Validation.choices),
            "scope": dict(DeathRecord.Scope.choices),
            "exclusion": terms["exclusion"],
        },
    )
    person_fields = {
        f.name: str(f.verbose_name).capitalize()
        for f in Person._meta.concrete_fields
        if f.name not in ("id", "record", "once_key")
    }
    entries += changes(
        list(Person.history.filter(record_id=record.pk).select_related("history_user")),
        person_fields,
        lambda r: Person.Role(r.role).label,
        {
            "role": dict(Person.Role.choices),
            "sex": dict(Person.Sex.choices),
            "age_band": terms["age_band"],
            "ethnicity": terms["ethnicity"],
            "relationship": terms["relationship"],
            "risk_level": dict(Person.RiskLevel.choices),
            **{f: known for f in FLAGS},
        },
    )
    entries += changes(
        list(Challenge.history.filter(record_id=record.pk).select_related("history_user")),
        {"answer": _("Force's answer"), "settled": _("Settled as")},
        lambda r: _("The question about the category"),
        {"settled": dict(Category.choices)},
    )
    entries += changes(
        list(Recommendation.history.filter(record_id=record.pk).select_related("history_user")),
        {"text": _("Text"), "addressee": _("For")},
        lambda r: _("A recommendation"),
        {"addressee": dict(Recommendation.Addressee.choices)},
    )
    return sorted(entries, key=lambda e: e["when"], reverse=True)


# The published tables ------------------------------------------------------------------


# A person as the tables read them: a plain row (tuples keep the counting light on memory).
PERSON_COLUMNS = ("record_id", "role", "sex", "age_band", "relationship", "contacts_12m", *FLAGS)
AT = {name: i for i, name in enumerate(PERSON_COLUMNS)}
ROLE = AT["role"]
VICTIM_ONLY = (None, Person.Role.VICTIM) + (None,) * (len(PERSON_COLUMNS) - 2)


def _rows_between(start: date, end: date, *, people: bool = True):
    """The counted records between two days with what the tables need, and (with `people`)
    their people: two queries, whatever the number of records. Without people, each record
    carries its number of victims instead (one query)."""
    found = counted(DeathRecord.objects.filter(died_on__gte=start, died_on__lte=end))
    fields = ("pk", "died_on", "category", "method", "organisation_id", "organisation__region__name")
    found_people: dict[int, list[tuple]] = {}
    if not people:
        rows = found.annotate(victims=Count("people", filter=Q(people__role=Person.Role.VICTIM)))
        records = []
        for row in rows.values_list(*fields, "victims"):
            records.append(row[:6])
            found_people[row[0]] = [VICTIM_ONLY] * row[6]
        return records, found_people
    records = list(found.values_list(*fields))
    if records:
        for row in Person.objects.filter(record__in=found).values_list(*PERSON_COLUMNS):
            found_people.setdefault(row[0], []).append(row)
    return records, found_people


def _deaths(pk, found_people) -> int:
    """A record counts each victim it names, and one death when it names none yet."""
    return max(1, sum(1 for p in found_people.get(pk, []) if p[ROLE] == Person.Role.VICTIM))


RISK_FACTORS = (
    ("victim", "pregnant", "Victim was pregnant"),
    ("victim", "contacts", "Victim in contact with police in the last 12 months"),
    ("victim", "marac", "Victim referred to MARAC"),
    ("victim", "coercive_control", "Victim subjected to coercive and controlling behaviour"),
    ("victim", "strangulation", "Victim had suffered non-fatal strangulation"),
    ("victim", "mental_health", "Victim had mental health needs"),
    ("suspect", "mappa", "Suspect managed under MAPPA"),
    ("suspect", "iom", "Suspect managed under IOM"),
    ("suspect", "drive", "Suspect managed under DRIVE"),
    ("suspect", "substance_use", "Suspect's substance use"),
)


def _two_years(year: int):
    this = project_year(date(year, 4, 1))
    before = project_year(date(year - 1, 4, 1))
    return before, this


def tables_for(year: int) -> list[rules.Table]:
    """The unsuppressed tables for a project year against the year before (only ever passed
    through `rules.suppress` before anyone sees them)."""
    before, this = _two_years(year)
    return _tables(before, this, [year_label(before[0]), year_label(this[0])], by_month=True)


def _tables(before, this, columns, *, by_month: bool) -> list[rules.Table]:
    """The tables for a period (`this`, a pair of days) against the one before it; by month of
    the year only when both are project years (so the months line up)."""
    records, found_people = _rows_between(before[0], this[1])

    def column(day):
        return 1 if day >= this[0] else 0

    def table(title, values, key, *, per="record", role=None):
        counts = {v: [0, 0] for v, _unused in values}
        for pk, died_on, category, method, _force, region in records:
            col = column(died_on)
            if per == "record":
                value = key(category, method, region, died_on)
                if value in counts:
                    counts[value][col] += _deaths(pk, found_people)
            else:
                for person in found_people.get(pk, []):
                    if person[ROLE] == role and person[AT[key]] in counts:
                        counts[person[AT[key]]][col] += 1
        # Two years side by side: a total for each year, none across the two.
        return rules.Table(
            title,
            [label for _unused, label in values],
            columns,
            [counts[v] for v, _unused in values],
            row_totals=False,
        )

    terms = all_labels()
    regions = sorted({r for *_rest, r in records if r})
    region_values = [(r, r) for r in regions] + [(None, "British Transport Police")]
    months = [(m, date_format(date(2000, m, 1), "F")) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    made = [
        table(_("Deaths by category"), Category.choices, lambda c, m, r, d: c),
        *([table(_("Deaths by month of death"), months, lambda c, m, r, d: d.month)] if by_month else []),
        table(_("Deaths by region"), region_values, lambda c, m, r, d: r),
        table(_("Deaths by method"), list(terms["method"].items()), lambda c, m, r, d: m),
        table(
            _("Victims by age band"), list(terms["age_band"].items()), "age_band", per="person", role="victim"
        ),
        table(_("Victims by sex"), Person.Sex.choices, "sex", per="person", role="victim"),
        table(_("Suspects by sex"), Person.Sex.choices, "sex", per="person", role="suspect"),
        table(
            _("Suspects by relationship to the victim"),
            list(terms["relationship"].items()),
            "relationship",
            per="person",
            role="suspect",
        ),
    ]
    risk = {label: [0, 0] for _unused, _unused, label in RISK_FACTORS}
    for pk, died_on, *_rest in records:
        col = column(died_on)
        for person in found_people.get(pk, []):
            for role, flag, label in RISK_FACTORS:
                if person[ROLE] != role:
                    continue
                yes = (
                    (person[AT["contacts_12m"]] or 0) > 0
                    if flag == "contacts"
                    else person[AT[flag]] == Known.YES
                )
                risk[label][col] += yes
    made += _coding_tables(records, column, columns)
    made.append(
        rules.Table(
            "Risk factors recorded (people may have several)",
            list(risk),
            columns,
            list(risk.values()),
            row_totals=False,
            column_totals=False,
        )
    )
    return made


def _coding_tables(records, column, columns) -> list[rules.Table]:
    """What the national team coded: the themes most often found (a death may have several),
    and recommendations by whom they are for and by the plan's action, most frequent first in
    the later year. Two queries."""
    from django.urls import reverse

    year_of = {pk: column(died_on) for pk, died_on, *_rest in records}
    themes: dict[str, list[int]] = {}
    through = DeathRecord.themes.through.objects.filter(deathrecord_id__in=list(year_of))
    for record_id, label in through.values_list("deathrecord_id", "term__label"):
        themes.setdefault(label, [0, 0])[year_of[record_id]] += 1
    by_addressee = {value: [0, 0] for value in Recommendation.Addressee.values}
    by_action: dict[tuple, list[int]] = {}
    found = Recommendation.objects.filter(record_id__in=list(year_of)).values_list(
        "record_id", "addressee", "action__code", "action__title", "action__version__framework__slug"
    )
    for record_id, addressee, code, title, framework in found:
        by_addressee[addressee][year_of[record_id]] += 1
        by_action.setdefault((code or "", title or "", framework or ""), [0, 0])[year_of[record_id]] += 1
    ranked_themes = sorted(themes.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))
    ranked_actions = sorted(by_action.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))
    actions = rules.Table(
        "Recommendations by the plan's action",
        [
            f"{code} {title}" if code else _("No action linked")
            for (code, title, _f), _unused in ranked_actions
        ],
        columns,
        [counts for _key, counts in ranked_actions],
        row_totals=False,
    )
    actions.links = [
        reverse("framework:action", args=[framework, code]) if code else ""
        for (code, _t, framework), _unused in ranked_actions
    ]
    return [
        rules.Table(
            "Themes most often coded (a death may have several)",
            [label for label, _unused in ranked_themes],
            columns,
            [counts for _label, counts in ranked_themes],
            row_totals=False,
            column_totals=False,
        ),
        rules.Table(
            "Recommendations by whom they are for",
            [label for _v, label in Recommendation.Addressee.choices],
            columns,
            [by_addressee[v] for v in Recommendation.Addressee.values],
            row_totals=False,
        ),
        actions,
    ]


def suppressed_tables(year: int, threshold: int) -> tuple[list[dict], dict]:
    """The published tables for a year and their disclosure checks, kept until the data
    changes."""

    def make():
        out, checks = [], {}
        for table in tables_for(year):
            rules.suppress(table, threshold)
            out.append(rules.published(table, threshold))
            checks[str(table.title)] = rules.check(table, threshold)
        return out, checks

    return kept(f"deaths-tables:{DeathsState.current()}:{year}:{threshold}", make)


def force_table(start: date, end: date, threshold: int) -> rules.Table:
    """Deaths by force for a period, forces anonymised ("Force 1"...) in an order drawn at
    random each time, and the rare categories merged so no force's count of them shows."""
    records, found_people = _rows_between(start, end, people=False)
    by_force: dict[int, list[int]] = {}
    for pk, _died, category, _m, force, _r in records:
        row = by_force.setdefault(force, [0, 0, 0, 0])
        col = COMMON.index(category) if category in COMMON else 3
        row[col] += _deaths(pk, found_people)
    order = list(by_force)
    random.SystemRandom().shuffle(order)
    columns = [Category(c).label for c in COMMON] + ["All other categories"]
    table = rules.Table(
        "Deaths by force (forces anonymised)",
        [f"Force {n}" for n in range(1, len(order) + 1)],
        columns,
        [by_force[f] for f in order],
    )
    return table


def report_tables(start: date, end: date, threshold: int) -> tuple[list[dict], dict]:
    """The tables a report freezes: the year's tables for the period's project year, and the
    anonymised force table for the period itself."""
    out, checks = [], {}
    made = (
        tables_for(project_year(start)[0].year)
        if (start, end) == project_year(start)
        else _period_tables(start, end)
    )
    made.append(force_table(start, end, threshold))
    for table in made:
        rules.suppress(table, threshold)
        out.append(rules.published(table, threshold))
        checks[str(table.title)] = rules.check(table, threshold)
    return out, checks


def _period_tables(start: date, end: date) -> list[rules.Table]:
    """Tables for a period that is not a project year: the period against the same length of
    time just before it."""
    length = (end - start).days + 1
    before = (start - timedelta(days=length), start - timedelta(days=1))

    def span(first, last):
        return _("{first} to {last}").format(
            first=date_format(first, "j M Y"), last=date_format(last, "j M Y")
        )

    columns = [span(*before), span(start, end)]
    return _tables(before, (start, end), columns, by_month=False)


def summary(start: date, end: date, by: str, threshold: int) -> rules.Table:
    """The API's aggregate: deaths between two days by category, month or region, in one
    column, suppressed."""
    records, found_people = _rows_between(start, end, people=False)
    counts: Counter = Counter()
    for pk, died_on, category, _method, _force, region in records:
        key = {
            "category": category,
            "month": f"{died_on:%Y-%m}",
            "region": region or "British Transport Police",
        }[by]
        counts[key] += _deaths(pk, found_people)
    if by == "category":
        keys = list(Category.values)
    elif by == "month":
        keys, day = [], date(start.year, start.month, 1)
        while day <= end:
            keys.append(f"{day:%Y-%m}")
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    else:
        from organisations.models import Region

        keys = sorted(Region.objects.values_list("name", flat=True)) + ["British Transport Police"]
    table = rules.Table(f"Deaths by {by}", keys, ["Deaths"], [[counts[k]] for k in keys], row_totals=False)
    return rules.suppress(table, threshold)


def threshold() -> int:
    return settings.DEATHS_SUPPRESSION_THRESHOLD


# Access ----------------------------------------------------------------------------------


def access_log(params):
    found = AccessLog.objects.select_related("user", "record", "record__organisation")
    kind = params.get("kind")
    if kind in AccessLog.Kind.values:
        found = found.filter(kind=kind)
    who = (params.get("who") or "").strip()[:100]
    if who:
        found = found.filter(Q(user__email__icontains=who) | Q(user__full_name__icontains=who))
    record = params.get("record")
    if record and record.isdigit():
        found = found.filter(record_id=int(record))
    return found.order_by("-at", "-pk")


def monthly_access(month: date) -> dict:
    """One month of the access log: by person and kind, and who read records of a force they
    do not report for (national roles) for a lead to review. Two queries."""
    end = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    rows = list(
        AccessLog.objects.filter(at__date__gte=month, at__date__lt=end).values_list(
            "user__full_name", "user__email", "kind", "reason"
        )
    )
    by_person: dict[str, Counter] = {}
    for name, email, kind, _reason in rows:
        by_person.setdefault(name or email, Counter())[kind] += 1
    return {
        "month": month,
        "total": len(rows),
        "kinds": AccessLog.Kind.choices,
        "people": sorted(
            (
                {"who": who, "counts": [c[k] for k in AccessLog.Kind.values], "total": sum(c.values())}
                for who, c in by_person.items()
            ),
            key=lambda p: -p["total"],
        ),
        "reasons": Counter(dict(AccessLog.Reason.choices)[r] for *_rest, r in rows).most_common(),
    }


def retention_due(today: date):
    """Records whose death is further back than the retention period: to review and delete."""
    years = settings.DEATHS_RETENTION_YEARS
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    return DeathRecord.objects.filter(died_on__lt=cutoff).select_related("organisation").order_by(
        "died_on", "pk"
    ), cutoff
