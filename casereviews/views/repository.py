"""The repository of published learning: search with facets, the meta-analysis, exports."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from casereviews import access, exports, selectors
from core import charts
from core.downloads import csv_download, xlsx_download

SHOWN_CHARTS = 6


@access.signed_in
@require_http_methods(["GET"])
def repository(request):
    found = selectors.search(request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "casereviews/repository.html",
        {
            **found,
            "filters": params.urlencode(),
            "codes": access.codes(request.user),
        },
    )


@access.signed_in
@require_http_methods(["GET"])
def analysis(request):
    """Learning by action, theme and kind, year by year: small multiples of the most coded
    actions and themes, each with the table behind it."""
    found = selectors.analysis()
    years = [str(y) for y in found["years"]]

    def chart(name, values):
        return charts.trend(
            list(zip(years, values, strict=True)), title=name, unit="learning points", label=name
        )

    top_actions = sorted(found["actions"], key=lambda a: -a["total"])[:SHOWN_CHARTS]
    return render(
        request,
        "casereviews/analysis.html",
        {
            **found,
            "codes": access.codes(request.user),
            "action_charts": [(a, chart(f"{a['code']} {a['title']}", a["by_year"])) for a in top_actions],
            "theme_charts": [(t, chart(t["name"], t["by_year"])) for t in found["themes"][:SHOWN_CHARTS]],
        },
    )


@access.signed_in
@require_http_methods(["GET"])
def export(request, fmt):
    """The published learning the query string's words and filters find, as CSV or Excel."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format")
    points, _query = selectors.filtered(request.GET)
    rows = exports.rows(points.order_by("-year", "-pk"))
    if fmt == "csv":
        return csv_download(rows, "case-review-learning.csv")
    return xlsx_download(rows, "Learning", "case-review-learning.xlsx")
