"""Lists that grow with time, shown a page at a time (GOV.UK pagination, core/_pagination.html)."""

from django.core.paginator import Page, Paginator

from core.params import whole


def page_of(items, request, *, param: str = "page", per_page: int = 20) -> Page:
    """The page the query string asks for; a number out of range gives the nearest page and
    anything else the first, never an error. The page carries `param` for the template's links."""
    paginator = Paginator(items, per_page)
    number = whole(request.GET.get(param, "1"), default=1, minimum=1)
    page = paginator.get_page(number)
    page.param = param  # type: ignore[attr-defined]
    return page
