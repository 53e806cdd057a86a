"""Pages of the plan: overview, action sheet, toolkit, PEEL measures, perennial issues,
version history with word-level comparison, search, and tagged PDFs.

Every page takes an optional version label; without one it shows the latest published
version of the framework.
"""

import hashlib

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.cache import kept
from core.downloads import pdf_download
from core.kept_pages import kept_page
from framework import access, bilingual, crosswalks, hub, selectors
from framework.diff import diff_summary, word_diff
from framework.forms import CompareForm, SearchForm
from framework.search import search


def _drafts(request) -> bool:
    """Draft versions are for the national team until they are published."""
    return access.reads_drafts(request.user)


def _version_or_404(request, framework_slug, label=None):
    version = selectors.get_version(framework_slug, label, include_drafts=_drafts(request))
    if version is None:
        raise Http404("No such framework or version")
    return version


def _kept(request, template, version, label, name, context, *, across=False, **extra):
    """A page of the plan, the same for everyone who may read this version: drawn once for
    each version's content (and for whichever version is the latest), then kept. A page that
    shows other frameworks' content (`across`: PEEL measures met across frameworks) is kept
    for each state of every framework's content."""
    latest = selectors.get_version(version.framework.slug) if label else version
    key = f"plan-page:{template}:{selectors.content_stamp(version)}:{label}:{latest.pk if latest else None}:{name}"
    if across:
        key += f":{selectors.every_content_stamp()}"
    return kept_page(request, template, key, context, version=version, **extra)


def _overview_context(version, label):
    themes = selectors.themes_with_actions(version)
    shown = [version.framework, version, *themes, *version.perennial_issues.all()]
    shown += [a for t in themes for a in t.action_list]
    return _context(version, label, themes=themes, in_english=bilingual.any_in_english(shown))


def _context(version, label, **extra):
    latest = selectors.get_version(version.framework.slug) if label else version
    return {
        "framework": version.framework,
        "version": version,
        "label": label,
        "latest": latest,
        "is_latest": latest is not None and latest.pk == version.pk,
        **extra,
    }


@access.plan_reader
@require_GET
def plan(request):
    return redirect("framework:overview", framework=settings.DEFAULT_FRAMEWORK)


@access.plan_reader
@require_GET
def overview(request, framework, label=None):
    version = _version_or_404(request, framework, label)
    return _kept(
        request,
        "framework/overview.html",
        version,
        label,
        "",
        lambda: _overview_context(version, label),
    )


@access.plan_reader
@require_GET
def versions(request, framework):
    framework_obj = selectors.get_framework(framework)
    if framework_obj is None:
        raise Http404("No such framework")
    latest = selectors.get_version(framework)
    return render(
        request,
        "framework/versions.html",
        {
            "framework": framework_obj,
            "versions": selectors.versions_of(framework_obj, include_drafts=_drafts(request)),
            "latest": latest,
            "authors": access.authors_frameworks(request.user),
        },
    )


def _action_or_404(version, code, summary=False):
    action = (selectors.action_summary if summary else selectors.action_detail)(version, code)
    if action is None:
        raise Http404("No such action in this version")
    return action


@access.plan_reader
@require_GET
def action(request, framework, code, label=None):
    version = _version_or_404(request, framework, label)

    edition = version.framework.peel_edition

    def context():
        action = _action_or_404(version, code)
        shown = [action, action.theme, *action.objectives.all(), *action.useful_links.all()]
        shown += [link.peel_measure for link in action.peel_links.all()]
        return _context(
            version,
            label,
            action=action,
            in_english=bilingual.any_in_english([*shown, *action.perennial_issues.all()]),
            has_toolkit=selectors.has_toolkit(action),
            sets=selectors.objective_sets(action),
            across=selectors.peel_links_across(edition, code) if edition else [],
        )

    return _kept(
        request,
        "framework/action.html",
        version,
        label,
        code,
        context,
        across=bool(edition),
        after=_hub(request, version, code),
    )


def _hub(request, version, code) -> str:
    """Under the kept sheet, drawn for the person reading: their force on the action and what
    the rest of the service knows about it across forces (framework.hub). Signed in only."""
    if not request.user.is_authenticated:
        return ""
    found = selectors.action_summary(version, code)
    if found is None:
        return ""
    return render_to_string(
        "framework/_hub.html", {"parts": hub.drawn(request, found), "action": found}, request=request
    )


def _toolkit_context(request, framework, code, label, version=None):
    version = version or _version_or_404(request, framework, label)
    action = _action_or_404(version, code, summary=True)
    toolkit = selectors.toolkit_detail(action)
    if toolkit is None:
        raise Http404("This action has no toolkit in NVAP Hub")
    return _context(
        version,
        label,
        action=action,
        toolkit=toolkit,
        sets=selectors.objective_sets(action),
        in_english=bilingual.any_in_english(bilingual.toolkit_parts(toolkit)),
    )


@access.plan_reader
@require_GET
def toolkit(request, framework, code, label=None):
    version = _version_or_404(request, framework, label)
    return _kept(
        request,
        "framework/toolkit.html",
        version,
        label,
        code,
        lambda: _toolkit_context(request, framework, code, label, version),
    )


@access.plan_reader
@require_GET
def action_pdf(request, framework, code, label=None):
    version = _version_or_404(request, framework, label)
    action = _action_or_404(version, code)
    return pdf_download(
        request,
        "framework/pdf/action.html",
        _context(version, label, action=action, sets=selectors.objective_sets(action)),
        f"{framework}-{version.label}-action-{code}.pdf",
    )


@access.plan_reader
@require_GET
def toolkit_pdf(request, framework, code, label=None):
    context = _toolkit_context(request, framework, code, label)
    filename = f"{framework}-{context['version'].label}-toolkit-{code}.pdf"
    return pdf_download(request, "framework/pdf/toolkit.html", context, filename)


@access.plan_reader
@require_GET
def action_history(request, framework, code):
    framework_obj = selectors.get_framework(framework)
    if framework_obj is None:
        raise Http404("No such framework")
    drafts = _drafts(request)
    # The wordings are the same for everyone until a version is loaded, changed or published:
    # kept for each state of the framework's versions (one query names it).
    versions = selectors.versions_stamp(framework_obj)
    named = hashlib.sha256(code.encode()).hexdigest()[:32]  # (any text can be asked for)
    entries = kept(
        f"action-history:{versions}:{named}:{int(drafts)}",
        lambda: selectors.action_history(framework_obj, code, include_drafts=drafts),
        local=True,
    )
    if not entries:
        raise Http404("No such action")
    choices = [(e["key"], e["label"]) for e in entries]
    form = CompareForm(request.GET or None, choices=choices)

    def context(comparison=None):
        return {
            "framework": framework_obj,
            "code": code,
            "entries": entries,
            "title": entries[-1]["title"],
            "form": form,
            "comparison": comparison,
        }

    if form.is_bound and not form.is_valid():
        return render(request, "framework/history.html", context(), status=400)
    pair = (form.cleaned_data["a"], form.cleaned_data["b"]) if form.is_bound else None

    def compared():
        if pair is None:
            return context()
        by_key = {e["key"]: e for e in entries}
        before, after = by_key[pair[0]], by_key[pair[1]]
        pieces = word_diff(before["snapshot"], after["snapshot"])
        return context({"before": before, "after": after, "pieces": pieces, **diff_summary(pieces)})

    compare = "/".join(pair) if pair else "-"
    key = f"action-history-page:{versions}:{named}:{int(drafts)}:{compare}"
    return kept_page(request, "framework/history.html", key, compared)


@access.plan_reader
@require_GET
def peel_measure(request, framework, code, label=None):
    version = _version_or_404(request, framework, label)

    def context():
        measure = selectors.peel_measure_detail(version, code)
        if measure is None:
            raise Http404("No such PEEL measure in this version")
        edition = version.peel_edition
        return _context(
            version,
            label,
            measure=measure,
            in_english=bilingual.any_in_english(
                [measure, *measure.children.all(), *(link.action for link in measure.action_links.all())]
            ),
            suggested=selectors.toolkits_suggesting(measure),
            edition_element=selectors.edition_element(edition, code) if edition else None,
        )

    return _kept(
        request, "framework/peel.html", version, label, code, context, across=bool(version.peel_edition)
    )


@access.plan_reader
@require_GET
def perennial_issue(request, framework, slug, label=None):
    version = _version_or_404(request, framework, label)

    def context():
        issue = selectors.perennial_issue_detail(version, slug)
        if issue is None:
            raise Http404("No such perennial issue in this version")
        return _context(
            version, label, issue=issue, in_english=bilingual.any_in_english([issue, *issue.actions.all()])
        )

    return _kept(request, "framework/perennial.html", version, label, slug, context)


def _searchable(request) -> list[tuple]:
    """Each framework with a published version: its latest, and its other versions (drafts
    too, for the national team, who also see frameworks with drafts only: latest None)."""
    drafts = _drafts(request)
    found = []
    for framework in selectors.frameworks():
        latest = selectors.get_version(framework.slug)
        if latest is None and not drafts:
            continue
        others = [
            v
            for v in selectors.versions_of(framework, include_drafts=drafts)
            if latest is None or v.pk != latest.pk
        ]
        if latest is not None or others:
            found.append((latest, others))
    return found


@access.plan_reader
@require_GET
def search_page(request):
    searchable = _searchable(request)
    default = next(
        (
            latest
            for latest, _version in searchable
            if latest and latest.framework.slug == settings.DEFAULT_FRAMEWORK
        ),
        None,
    )
    if default is None:
        raise Http404("No published framework")
    chosen = request.GET.get("framework", "")
    versions = [latest for latest, _version in searchable if latest]
    for latest, others in searchable:
        if latest and chosen == latest.framework.slug:
            versions = [latest]
        versions = next(([v] for v in others if chosen == f"{v.framework.slug}:{v.label}"), versions)
    themes = {}
    for version in versions:
        for theme in version.themes.order_by("grouping", "order"):
            themes.setdefault(theme.code, theme)
    form = SearchForm(request.GET or None, themes=list(themes.values()), versions=searchable)
    if form.is_bound and not form.is_valid():
        context = _context(
            default, None, form=form, results=[], total=0, searched=False, searched_versions=versions
        )
        return render(request, "framework/search.html", context, status=400)
    asked = (form.cleaned_data["q"], form.cleaned_data.get("theme") or None) if form.is_bound else None
    latest_pks = {latest.pk for latest, _version in searchable if latest}

    def context():
        results, total = search(versions, *asked) if asked else ([], 0)
        for result in results:
            version = result["entry"].version
            result["url"] = entry_url(version, result["entry"], latest=version.pk in latest_pks)
        return _context(
            default,
            None,
            form=form,
            results=results,
            total=total,
            searched=bool(asked),
            searched_versions=versions,
        )

    # The same for everyone who asks the same of these versions' content: kept until it changes.
    stamps = ",".join(selectors.content_stamp(v) for v in versions)
    key = f"plan-search:{stamps}:{hashlib.sha256(repr((asked, chosen)).encode()).hexdigest()}"
    return kept_page(request, "framework/search.html", key, context)


def entry_url(version, entry, *, latest=True) -> str:
    """Where a search result points: the latest version's own pages, or another version's."""
    fw = version.framework.slug
    args = [fw] if latest else [fw, version.label]

    def url(name, *rest):
        return reverse(f"framework:{name}" if latest else f"framework:{name}-version", args=[*args, *rest])

    if entry.kind == "theme":
        return url("overview") + f"#theme-{entry.ref}"
    if entry.kind == "peel":
        return url("peel", entry.ref)
    if entry.kind == "perennial":
        return url("perennial", entry.ref)
    if entry.kind == "toolkit":
        return url("toolkit", entry.action_code) + f"#{entry.anchor}"
    return url("action", entry.action_code) + (f"#{entry.anchor}" if entry.anchor else "")


@access.plan_reader
@require_GET
def crosswalk(request, left, left_label, right, right_label):
    """Two framework versions side by side, each element with its links to the other. The
    same for everyone who reads it the same way (the national team sees drafts; admins get
    links to change each link): kept until either version's content or links change (a change
    to a link moves both versions' content stamps, framework.crosswalks)."""
    drafts = _drafts(request)
    authors = access.authors_frameworks(request.user)
    left_v = _version_or_404(request, left, left_label)
    right_v = _version_or_404(request, right, right_label)

    def context():
        return {
            "left": left_v,
            "right": right_v,
            **crosswalks.side_by_side(left_v, right_v, authors=authors),
            "drafts": drafts,
            "authors": authors,
        }

    stamps = f"{selectors.content_stamp(left_v)}:{selectors.content_stamp(right_v)}"
    key = f"crosswalk-page:{stamps}:{int(drafts)}:{int(authors)}"
    return kept_page(request, "framework/crosswalk.html", key, context)
