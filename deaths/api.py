"""The deaths repository's only API: aggregate tables, suppressed exactly as published, for
deaths leads and analysts. GET /api/v1/deaths/summary/. There is no record-level API. Anyone
else gets the same 404 a missing operation gets."""

from datetime import date

from django.conf import settings
from ninja import Field, Query, Router, Schema

from accounts.api_auth import SIGNED_IN
from core.api import ApiError, Error, Out
from deaths import access, selectors

router = Router(tags=["Domestic abuse-related deaths"], auth=SIGNED_IN)


class Cell(Out):
    label: str
    deaths: int | None = Field(description="null when hidden")
    hidden: str | None = Field(
        description="primary: fewer than the threshold; secondary: hidden so the total cannot reveal another"
    )


class Summary(Out):
    date_from: date = Field(alias="from")
    date_to: date = Field(alias="to")
    by: str
    threshold: int
    total: int | None
    total_hidden: str | None
    cells: list[Cell]


class Params(Schema):
    date_from: date = Field(alias="from", description="The first day of deaths counted (YYYY-MM-DD)")
    date_to: date = Field(
        alias="to", description="The last day (YYYY-MM-DD); at most 10 years after the first"
    )
    by: str = Field(description="category, month or region")


@router.get(
    "/deaths/summary/",
    response={200: Summary, 400: Error, 401: Error, 404: Error},
    summary="Deaths notified between two days by category, month or region, small numbers suppressed",
)
def summary(request, params: Query[Params]):
    if not access.is_national(request.user):
        raise ApiError(404, "not_found", "Not found.")
    if params.by not in ("category", "month", "region"):
        raise ApiError(400, "bad_parameter", "by must be category, month or region.")
    if params.date_from > params.date_to:
        raise ApiError(400, "bad_parameter", "to must be on or after from.")
    if (params.date_to - params.date_from).days > 3660:
        raise ApiError(400, "bad_parameter", "Ask for 10 years or less.")
    threshold = settings.DEATHS_SUPPRESSION_THRESHOLD
    table = selectors.summary(params.date_from, params.date_to, params.by, threshold)
    grid = table.grid()
    cells = [
        {
            "label": label,
            "deaths": None if table.hidden[i][0] else grid[i][0],
            "hidden": table.hidden[i][0],
        }
        for i, label in enumerate(table.rows)
    ]
    last = len(grid) - 1
    return {
        "from": params.date_from,
        "to": params.date_to,
        "by": params.by,
        "threshold": threshold,
        "total": None if table.hidden[last][-1] else grid[last][-1],
        "total_hidden": table.hidden[last][-1],
        "cells": cells,
    }
