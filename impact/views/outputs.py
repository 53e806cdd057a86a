"""What a plan gives back: the journey to good, its history, its XLSX and PDF, and importing a filled template."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.downloads import XLSX, download, pdf_download
from core.kept_pages import kept_page
from framework import selectors as plan_selectors
from impact import access, history, selectors, template
from impact.views.common import file_page


@access.force_scoped
@require_http_methods(["GET"])
def journey(request, pk):
    item, _can_change = access.get_plan_for_user(request.user, pk)
    # The same for everyone who may read it until the force's work or the toolkit changes.
    key = (
        f"impact-journey:{pk}:{selectors.work_stamp(item.organisation_id)}"
        f":{plan_selectors.content_stamp(item.action.version)}"
    )
    return kept_page(
        request,
        "impact/journey.html",
        key,
        lambda: {"plan": item, "journey": selectors.journey_to_good(item)},
    )


@access.force_scoped
@require_http_methods(["GET"])
def plan_history(request, pk):
    item, _can_change = access.get_plan_for_user(request.user, pk)
    return render(request, "impact/history.html", {"plan": item, "entries": history.plan_history(item)})


@access.force_scoped
@require_http_methods(["GET"])
def plan_xlsx(request, pk):
    detail, _can_change = access.get_plan_for_user(request.user, pk, plans=selectors.plans_in_detail())
    return download(
        template.plan_workbook(detail),
        XLSX,
        f"impact-plan-{detail.organisation.slug}-{detail.action.code}.xlsx",
    )


@access.force_scoped
@require_http_methods(["GET"])
def plan_pdf(request, pk):
    detail, _can_change = access.get_plan_for_user(request.user, pk, plans=selectors.plans_in_detail())
    return pdf_download(
        request,
        "impact/plan_pdf.html",
        {"plan": detail, "rows": template.plan_rows(detail)},
        f"impact-plan-{detail.organisation.slug}-{detail.action.code}.pdf",
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def plan_import(request, pk):
    item, can_edit = access.get_plan_for_user(request.user, pk)
    access.require_write(can_edit)
    return file_page(
        request,
        "plan_import.html",
        {"plan": item},
        label=_("Impact Realisation Plan workbook (.xlsx)"),
        help_text=_(
            "This plan's export (keep the Reference column as it is), or the toolkit's own "
            "Impact Realisation Plan template, filled in."
        ),
        apply=lambda upload: template.plan_import(plan=item, by=request.user, upload=upload),
        done=lambda imported: " ".join(
            [
                f"Workbook imported: {imported.written} change{'s' if imported.written != 1 else ''}."
                if imported.written
                else "Workbook imported: it matched the plan, so nothing changed.",
                *imported.notes,
            ]
        ),
        then=reverse("impact:plan", args=[item.pk]),
    )
