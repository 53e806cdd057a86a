"""Demo data for the community: a space for each action of the plan, three spaces the national
team opened (one open, one restricted, one private), and a few active threads: a question in
the 2.2.1 space answered officially by the national team, a discussion, practice shared and an
event with its materials. Once only."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from community import services
from community.models import Space, Thread


def _person(email):
    return User.objects.filter(email=email).first()


def demo_community_create() -> bool:
    services.spaces_for_plan("nvap")
    if Thread.objects.exists():
        return False
    admin, analyst = _person("admin@vkpp.demo"), _person("analyst@vkpp.demo")
    norfolk, kent, suffolk = (
        _person("contributor@norfolk.demo"),
        _person("lead@kent.demo"),
        _person("lead@suffolk.demo"),
    )
    essex = _person("lead@essex.demo")
    if not all((admin, analyst, norfolk, kent, suffolk, essex)):
        return False
    data = services.space_create(
        by=admin,
        name="Data and analysts",
        summary="Measures, data sources and analysis for vulnerability work: what forces count and how.",
        access_=Space.Access.OPEN,
    )
    services.facilitator_set(space=data, by=admin, user=suffolk, on=True)
    services.space_create(
        by=admin,
        name="Case review learning",
        summary="For force leads who act on learning from safeguarding case reviews. A facilitator approves who joins.",
        access_=Space.Access.RESTRICTED,
    )
    leads = services.space_create(
        by=admin,
        name="Force vulnerability leads' network",
        summary="A private space for force leads to raise issues with the national team and the Home Office.",
        access_=Space.Access.PRIVATE,
    )
    services.invite(space=leads, by=admin, email="lead@kent.demo")
    services.join(space=leads, user=kent)
    space = Space.objects.get(kind=Space.Kind.ACTION, framework_slug="nvap", action_code="2.2.1")
    question = services.thread_start(
        space=space,
        by=norfolk,
        kind=Thread.Kind.QUESTION,
        title="Does the 2.2.1 return count training delivered by partners?",
        body="We train frontline officers with our local authority partners. Should the return count "
        "officers trained in joint sessions, or only sessions we deliver ourselves?",
    )
    services.reply(
        thread=question,
        by=kent,
        body="We counted joint sessions and said so in our answer. Happy to share our **training log** template.",
    )
    official = services.reply(
        thread=question,
        by=analyst,
        body="Yes: count everyone trained, whoever delivers it, and say in your answer which sessions were "
        "joint. The national picture compares reach, not who runs the course.",
    )
    services.official_mark(thread=question, post=official, by=analyst, on_action_page=True)
    services.thread_start(
        space=space,
        by=kent,
        kind=Thread.Kind.DISCUSSION,
        title="Measuring whether training changes what officers do",
        body="We survey officers three months after training. What have other forces found works?\n\n"
        "- attendance only tells us reach\n- case audits are slow\n- supervisors' checks look promising",
    )
    services.thread_start(
        space=data,
        by=suffolk,
        kind=Thread.Kind.EVENT,
        title="Data surgery: measures for the impact realisation plans",
        body="An hour with the national team's analysts to talk through measures for your impact plans.",
        starts_at=timezone.now() + timedelta(days=14),
        joining="Microsoft Teams: the link is sent to everyone who follows this space",
    )
    services.thread_start(
        space=data,
        by=essex,
        kind=Thread.Kind.DISCUSSION,
        title="Which forces publish their vulnerability dashboards?",
        body="We are building ours. Does anyone share theirs with partners?",
    )
    return True
