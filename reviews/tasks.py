"""Background work for peer reviews, run by the django-tasks database worker
(`manage.py db_worker`); `manage.py send_review_follow_ups` enqueues it daily."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from reviews import rules
from reviews.models import PeerReview, Response


@task()
def send_review_follow_ups() -> int:
    """Asks the owner of each open action from a final report for progress, 6 and 12 months
    after the report was made final (the force's leads where it has no owner). A follow-up
    missed on its day goes on the next run; each goes once. Returns how many went."""
    from core.notify import notify
    from organisations.roles import Can
    from organisations.selectors import people_who_can

    today = timezone.localdate()
    sent = 0
    for response in Response.objects.filter(
        status=Response.Status.OPEN, finding__review__status=PeerReview.Status.FOLLOW_UP
    ).select_related("finding__review__organisation", "finding__action", "owner"):
        review = response.finding.review
        due = rules.follow_up_due(timezone.localdate(review.report_final_at), today, response.followed_up)
        if due is None:
            continue
        with transaction.atomic():
            people = (
                [response.owner] if response.owner else people_who_can(Can.LEAD_FORCE, review.organisation_id)
            )
            notify(
                kind="reviews",
                users=people,
                subject=format_lazy(
                    _("{due} months on: how is the action from the peer review going?"), due=due
                ),
                message=format_lazy(
                    _("{due} months since the peer review's report: give an update on {code}: {action_text}"),
                    due=due,
                    code=response.finding.action.code,
                    action_text=response.action_text,
                ),
                url=f"/reviews/{review.pk}/action-plan/{response.finding_id}/",
            )
            Response.objects.filter(pk=response.pk).update(followed_up=[*response.followed_up, due])
            sent += 1
    return sent
