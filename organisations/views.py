from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import backends, mfa, sso
from core.forms import posted, render_checked
from organisations import access, selectors, services
from organisations.forms import AcceptForm, InviteForm, RoleForm, SecondFactorsForm
from organisations.models import Invitation, Membership


@access.signed_in
@require_GET
def mine(request):
    """Sends the user to their organisation's page, or says they have none yet."""
    memberships = access.memberships_of(request.user)
    if len(memberships) >= 1 and len({m.organisation_id for m in memberships}) == 1:
        return redirect("organisations:detail", slug=memberships[0].organisation.slug)
    return render(request, "organisations/mine.html", {"memberships": memberships})


@access.force_scoped
@require_GET
def detail(request, slug):
    """The organisation and its team: everyone in it, their roles and what they own; for
    those who run the team, the invitations waiting and the latest changes too."""
    organisation, can_edit = access.get_organisation_for_user(request.user, slug)
    manages = access.can_manage_team(request.user, organisation)
    context = {
        "organisation": organisation,
        "team": selectors.team_of(organisation),
        "can_edit": can_edit,
        "manages": manages,
        "team_url": request.path,
    }
    if manages:
        now = timezone.now()
        context["now"] = now
        context["invitations"] = selectors.invitations_waiting(organisation)
        context["review"] = selectors.review_waiting(organisation)
        context["idle"] = selectors.idle_among(context["team"], now, settings.TEAM_REVIEW_IDLE_DAYS)
        context["idle_days"] = settings.TEAM_REVIEW_IDLE_DAYS
        # Read only where single sign-on is switched on for the service at all.
        context["sso_on"] = bool(sso.enabled())
        if context["sso_on"]:
            names = {"entra": "Microsoft Entra ID"}
            context["sso_tenants"] = [
                (
                    names.get(t.provider)
                    or settings.SSO_PROVIDERS.get(t.provider, {}).get("name", t.provider),
                    t.tenant_id,
                )
                for t in organisation.sso_tenants.all()
            ]
    return render(request, "organisations/detail.html", context)


@access.force_scoped
@require_GET
def changes(request, slug):
    """The latest changes to the team, for those who run it."""
    organisation = _managed(request, slug)
    return render(
        request,
        "organisations/changes.html",
        {"organisation": organisation, "entries": selectors.team_history(organisation)},
    )


def _managed(request, slug):
    """The organisation, for someone who runs its team; a 404 outside their organisations
    (as for any page of another force), a 403 inside when their role does not run it."""
    organisation, _membership = access.get_organisation_for_user(request.user, slug)
    access.require(access.can_manage_team(request.user, organisation))
    return organisation


def _person(organisation, person_pk):
    memberships = list(
        Membership.objects.filter(organisation=organisation, user_id=person_pk).select_related("user")
    )
    if not memberships:
        raise Http404("Not in this organisation")
    return memberships[0].user, memberships


@access.force_scoped
@require_http_methods(["GET", "POST"])
def invite(request, slug):
    organisation = _managed(request, slug)
    form = InviteForm(posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_send(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except services.TeamError as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, _("Invitation sent to {email}.").format(email=invitation.email))
            return redirect("organisations:detail", slug=organisation.slug)
    return render_checked(
        request, "organisations/invite.html", {"organisation": organisation, "form": form}, form
    )


def _invitation(organisation, invitation_pk):
    return get_object_or_404(Invitation, organisation=organisation, pk=invitation_pk)


@access.force_scoped
@require_POST
def invitation_resend(request, slug, invitation_pk):
    organisation = _managed(request, slug)
    invitation = _invitation(organisation, invitation_pk)
    return _changed_then_back(
        request,
        organisation,
        lambda: services.invitation_resend(invitation=invitation, by=request.user),
        f"Invitation sent again to {invitation.email}. The earlier link no longer works.",
    )


def _changed_then_back(request, organisation, change, done: str):
    """A change asked for by a button on the team page: made, then back to the page with
    `done`, or with why it could not be made."""
    try:
        change()
    except services.TeamError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, done)
    return redirect("organisations:detail", slug=organisation.slug)


@access.force_scoped
@require_http_methods(["GET", "POST"])
def invitation_withdraw(request, slug, invitation_pk):
    organisation = _managed(request, slug)
    invitation = _invitation(organisation, invitation_pk)
    problem = None
    if request.method == "POST":
        try:
            services.invitation_withdraw(invitation=invitation, by=request.user)
        except services.TeamError as refused:
            problem = str(refused)
        else:
            messages.success(
                request,
                _("The invitation for {email} is withdrawn. Its link no longer works.").format(
                    email=invitation.email
                ),
            )
            return redirect("organisations:detail", slug=organisation.slug)
    return render_checked(
        request,
        "organisations/invitation_withdraw.html",
        {"organisation": organisation, "invitation": invitation},
        problems=[problem] if problem else None,
    )


@access.force_scoped
@mfa.fresh
@require_http_methods(["GET", "POST"])
def role(request, slug, person_pk):
    organisation = _managed(request, slug)
    person, memberships = _person(organisation, person_pk)
    held = services.roles_held(memberships)
    initial = {"role": memberships[0].role if len(memberships) == 1 else None, "was": held}
    form = RoleForm(posted(request), organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.role_change(
                organisation=organisation, person=person, by=request.user, **form.cleaned_data
            )
        except services.TeamError as problem:
            form.add_error(None, str(problem))
        else:
            if changed:
                shown = dict(Membership.Role.choices)[form.cleaned_data["role"]]
                messages.success(request, _("{person} is now {role}.").format(person=person, role=shown))
            return redirect("organisations:detail", slug=organisation.slug)
    return render_checked(
        request,
        "organisations/role.html",
        {"organisation": organisation, "person": person, "form": form},
        form,
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def remove(request, slug, person_pk):
    organisation = _managed(request, slug)
    person, memberships = _person(organisation, person_pk)
    problem = None
    if request.method == "POST":
        try:
            services.member_remove(organisation=organisation, person=person, by=request.user)
        except services.TeamError as refused:
            problem = str(refused)
        else:
            messages.success(
                request,
                _("{person} is no longer in {name}.").format(person=person, name=organisation.shown_name),
            )
            return redirect("organisations:detail", slug=organisation.slug)
    return render_checked(
        request,
        "organisations/remove.html",
        {
            "organisation": organisation,
            "person": person,
            "memberships": memberships,
            "elsewhere": Membership.objects.filter(user=person).exclude(organisation=organisation).exists(),
        },
        problems=[problem] if problem else None,
    )


@access.public
@require_http_methods(["GET", "POST"])
def invitation(request, key):
    """The page an invitation's link opens: a new person makes their account (a name and a
    password); someone signed in with the invited address joins with one button. A used,
    withdrawn or expired link says so."""
    found = services.invitation_for_key(key)
    if found is None:
        return render(request, "organisations/invitation_gone.html", status=404)
    signed_in = request.user.is_authenticated
    form = None if signed_in else AcceptForm(posted(request), email=found.email)
    problem = None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            person = services.invitation_accept(
                key=key,
                user=request.user if signed_in else None,
                **(
                    {}
                    if form is None
                    else {
                        "full_name": form.cleaned_data["full_name"],
                        "password": form.cleaned_data["password"],
                    }
                ),
            )
        except services.TeamError as refused:
            problem = str(refused)
        else:
            if not signed_in:
                login(request, person, backend=backends.PATH)
            messages.success(
                request,
                _("Welcome to NVAP Hub. You are in {name} as {role}.").format(
                    name=found.organisation.shown_name, role=found.get_role_display()
                ),
            )
            return redirect("organisations:detail", slug=found.organisation.slug)
    return render_checked(
        request,
        "organisations/invitation.html",
        {"invitation": found, "form": form, "signed_in": signed_in, "sso": _sso_for(found.organisation)},
        form,
        problems=[problem] if problem else None,
    )


def _sso_for(organisation) -> dict[str, str]:
    """The single sign-on providers this organisation's people can use (a tenant listed)."""
    providers = sso.enabled()
    if not providers:
        return {}
    listed = set(organisation.sso_tenants.values_list("provider", flat=True))
    return {slug: name for slug, name in providers.items() if slug in listed}


@access.force_scoped
@require_POST
def review_confirm(request, slug):
    organisation = _managed(request, slug)
    return _changed_then_back(
        request,
        organisation,
        lambda: services.review_confirm(organisation=organisation, by=request.user),
        f"{organisation.name}'s team is confirmed for this quarter.",
    )


@access.force_scoped
@require_POST
def restore(request, slug, person_pk):
    organisation = _managed(request, slug)
    person, _membership = _person(organisation, person_pk)
    return _changed_then_back(
        request,
        organisation,
        lambda: services.member_restore(organisation=organisation, person=person, by=request.user),
        f"{person} can sign in again.",
    )


@access.force_scoped
@mfa.fresh
@require_http_methods(["GET", "POST"])
def second_factor_reset(request, slug, person_pk):
    """Someone has lost their phone or security key: a lead (or a national admin) removes all
    their second factors; they set one up again when they next sign in."""
    from accounts import services as account_services

    organisation = _managed(request, slug)
    person, _membership = _person(organisation, person_pk)
    if request.method == "POST":
        account_services.mfa_reset(person=person, by=request.user)
        messages.success(
            request,
            _("{person}'s second factors are removed. They set up a new one when they next sign in.").format(
                person=person
            ),
        )
        return redirect("organisations:detail", slug=organisation.slug)
    return render(
        request, "organisations/second_factor_reset.html", {"organisation": organisation, "person": person}
    )


@access.force_scoped
@require_http_methods(["GET", "POST"])
def second_factors(request, slug):
    """Whether everyone in the organisation must use a second factor (leads always must)."""
    organisation = _managed(request, slug)
    form = SecondFactorsForm(
        posted(request), initial={"everyone": "yes" if organisation.require_mfa else "no"}
    )
    if request.method == "POST" and form.is_valid():
        if services.require_mfa_set(
            organisation=organisation, everyone=form.cleaned_data["everyone"], by=request.user
        ):
            messages.success(request, _("Saved: who must use a second factor."))
        return redirect("organisations:detail", slug=organisation.slug)
    return render_checked(
        request, "organisations/second_factors.html", {"organisation": organisation, "form": form}, form
    )
