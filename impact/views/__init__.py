"""Impact realisation pages: a force builds its plan for an action from the toolkit, tracks
measures over time and posts progress; the national team reads every force's plans.
Views parse, call a service, render.

The pages, one module per group: `plans`, `measures`, `outputs`."""

from impact.views.measures import (
    measure,
    measure_add,
    measure_chart,
    measure_edit,
    measure_remove,
    measure_upload,
    measure_values,
    suggested_measure,
)
from impact.views.outputs import journey, plan_history, plan_import, plan_pdf, plan_xlsx
from impact.views.plans import (
    activities_add,
    dashboard,
    home,
    item_edit,
    item_remove,
    mine,
    objective_edit,
    objectives_add,
    plan,
    plan_edit,
    plan_start,
    progress_add,
    risk_add,
)

__all__ = [
    "home",
    "dashboard",
    "mine",
    "plan_start",
    "plan",
    "plan_edit",
    "objectives_add",
    "objective_edit",
    "activities_add",
    "measure_add",
    "risk_add",
    "progress_add",
    "item_edit",
    "item_remove",
    "journey",
    "plan_history",
    "plan_xlsx",
    "plan_pdf",
    "plan_import",
    "measure",
    "measure_chart",
    "measure_edit",
    "measure_values",
    "measure_upload",
    "measure_remove",
    "suggested_measure",
]
