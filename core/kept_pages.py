"""Pages that are the same for everyone who may read them, kept as drawn.

A page's own blocks (its title, what comes before its main content, and its content) are
drawn from its template once for each version of the data they show and kept (core.cache);
each request then draws only the layout around them, for the person asking."""

from collections.abc import Callable

from django.shortcuts import render
from django.utils.safestring import SafeString
from render_block import render_block_to_string

from core.cache import kept

BLOCKS = ("page_title", "before_content", "content")


def kept_page(request, template: str, key: str, context: Callable[[], dict], **extra):
    """The page `template` draws from `context()`, its blocks kept under `key` (which must
    name the version of everything they show). `extra` goes to the layout's context only."""
    drawn = kept_blocks(key, template, BLOCKS, context)
    return render(request, "core/kept_page.html", {"drawn": drawn, **extra})


def kept_blocks(
    key: str, template: str, blocks: tuple[str, ...], context: Callable[[], dict]
) -> dict[str, SafeString]:
    """The named blocks of `template` as drawn from `context()`, kept under `key` (which must
    name the version of everything they show): the parts of a page that are the same for
    everyone who may read it, put into a page drawn for the person asking."""
    return kept(key, lambda: _drawn(template, context(), blocks), local=True)


def _drawn(template: str, context: dict, blocks: tuple[str, ...]) -> dict[str, SafeString]:
    return {name: SafeString(render_block_to_string(template, name, context)) for name in blocks}
