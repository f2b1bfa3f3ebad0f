from __future__ import annotations

from datetime import date, timedelta
from html import escape  # not Django's: its lazy-text check costs more than escaping

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from baolian.lib.dates import format_cn
from baolian.roster.models import Pairing, PairingState

register = template.Library()


@register.filter
def day(value: date | None) -> str:
    """2021年6月30日 in Chinese, 2021-06-30 otherwise."""
    if value is None:
        return ""
    if (get_language() or "zh-hans").startswith("zh"):
        return format_cn(value)
    return value.isoformat()


@register.filter
def state_badge(pairing: Pairing) -> str:
    """A badge for a pairing that is not in force today (not started yet, or ended)."""
    return state_label_badge(pairing.state_on(timezone.localdate()))


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """This list's URL at page `number`, keeping its filters (the search text, …)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def state_label_badge(state: PairingState) -> str:
    """The badge of a state computed elsewhere (a unit under a leader): none when in force."""
    if state == PairingState.ACTIVE:
        return ""
    return format_html('<span class="badge {}">{}</span>', state.value, state.label)


@register.filter
def names_cell(named: list) -> str:
    """Names with a pairing state (a leader's units, a unit's communities) in one cell,
    、-separated, each with the badge of a state not in force. Written here rather than with
    template tags, which cost most of a 50-row page's time at 10 names a row."""
    badges: dict[PairingState, str] = {}
    parts = []
    for row in named:
        if row.state not in badges:
            badges[row.state] = state_label_badge(row.state)
        parts.append(escape(row.name) + badges[row.state])
    return mark_safe("、".join(parts))  # noqa: S308 - names escaped, badges built by format_html


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration, rounded up (a lockout of 90 s reads "2 minutes")."""
    if value is None:
        return 0
    return -(-int(value.total_seconds()) // 60)


@register.filter
def rest(total: int, shown: list) -> int:
    """How many of `total` a cell does not name (it names `shown`)."""
    return max(0, total - len(shown))


# reverse() walks the URL resolver (tens of microseconds): per row of a list and per menu
# entry it was most of a page's time. A named URL's shape does not change while the process
# runs, so it is reversed once per (name, script prefix) and the id put in its place.
_ID_PLACEHOLDER = 2147483647
_url_shapes: dict[tuple[str, str, bool], tuple[str, str]] = {}


@register.simple_tag
def link(name: str, pk: object = None) -> str:
    """`{% url name pk %}` for a URL with at most one integer id, without a reverse per call."""
    if pk is not None and not isinstance(pk, int):
        return reverse(name, args=[pk])
    key = (name, get_script_prefix(), pk is None)
    shape = _url_shapes.get(key)
    if shape is None:
        if pk is None:
            shape = (reverse(name), "")
        else:
            before, _, after = reverse(name, args=[_ID_PLACEHOLDER]).partition(str(_ID_PLACEHOLDER))
            shape = (before, after)
        _url_shapes[key] = shape
    if pk is None:
        return mark_safe(escape(shape[0]))  # noqa: S308 - escaped here
    return mark_safe(f"{escape(shape[0])}{pk}{escape(shape[1])}")  # noqa: S308 - escaped here


@register.simple_tag
def community_rows(communities: object, hide_street: bool = False) -> str:
    """The rows of web/_community_table.html: written here rather than with template tags,
    whose lookups, loops and regroup per row were most of a 50-row page's time (issue 5)."""
    from itertools import groupby

    label_community = escape(gettext("Community / village"))
    label_street = escape(gettext("Street"))
    label_units = escape(gettext("Units"))
    label_leader = escape(gettext("Leader"))
    unpaired = gettext("not paired")  # outside the f-string, where makemessages finds it
    not_paired = f'<span class="muted">{escape(unpaired)}</span>'
    today = timezone.localdate()
    badges: dict[PairingState, str] = {}
    rows = []
    for c in communities:  # type: ignore[attr-defined]
        pairings = list(c.visible_pairings)
        units = []
        for p in pairings:
            state = p.state_on(today)
            if state not in badges:
                badges[state] = state_label_badge(state)
            units.append(
                f'<a href="{link("unit_detail", p.unit_id)}">{escape(p.unit.name)}</a>'
                + badges[state]
            )
        groups = [leader for leader, _run in groupby(pairings, key=lambda p: p.leader)]
        leaders = "".join(
            f'<a href="{link("leader_detail", leader.pk)}">{escape(leader.name)}</a>'
            + ("、" if i < len(groups) - 1 else "")
            for i, leader in enumerate(groups)
            if leader
        )
        street = (
            "" if hide_street else f'<td data-label="{label_street}">{escape(c.street.name)}</td>'
        )
        rows.append(
            f'<tr>\n<td data-label="{label_community}"><a href="{link("community_detail", c.pk)}">'
            f"{escape(c.name)}</a></td>\n{street}\n"
            f'<td data-label="{label_units}">{"、".join(units) or not_paired}</td>\n'
            f'<td data-label="{label_leader}">{leaders}</td>\n</tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


def _more(url: str, n: int) -> str:
    """and 3 more, linking to the row's page (a blocktranslate per row cost more)."""
    if n <= 0:
        return ""
    text = ngettext("and %(n)s more", "and %(n)s more", n) % {"n": n}
    return f' <a href="{url}">{text}</a>'


@register.simple_tag
def unit_rows(units: object) -> str:
    """The rows of web/unit_list_rows.html, written here for the reason of community_rows."""
    label_unit = escape(gettext("Unit"))
    label_communities = escape(gettext("Communities"))
    label_liaison = escape(gettext("Liaison"))
    rows = []
    for u in units:  # type: ignore[attr-defined]
        url = link("unit_detail", u.pk)
        more = _more(url, rest(u.pairing_count, u.shown_pairings))
        rows.append(
            f'<tr><td data-label="#">{escape(str(u.sort_order))}</td>'
            f'<td data-label="{label_unit}"><a href="{url}">{escape(u.name)}</a></td>\n'
            f'<td data-label="{label_communities}">{names_cell(u.shown_pairings)}{more}</td>\n'
            f'<td data-label="{label_liaison}">{escape(u.liaison_name)}</td></tr>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


@register.simple_tag
def leader_rows(leaders: object) -> str:
    """The rows of web/leader_list_rows.html, written here for the reason of community_rows."""
    label_name = escape(gettext("Full name"))
    label_title = escape(gettext("Title"))
    label_units = escape(gettext("Units"))
    rows = []
    for leader in leaders:  # type: ignore[attr-defined]
        url = link("leader_detail", leader.pk)
        more = _more(url, leader.led_units_more or 0)
        rows.append(
            f'<tr><td data-label="{label_name}"><a href="{url}">{escape(leader.name)}</a></td>'
            f'<td data-label="{label_title}">{escape(leader.title)}</td>\n'
            f'<td data-label="{label_units}">{names_cell(leader.led_units)}{more}</td></tr>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


@register.simple_tag
def pairing_rows(
    pairings: object,
    show_unit: bool = False,
    show_community: bool = False,
    hide_leader: bool = False,
) -> str:
    """The rows of web/_pairing_table.html (a bound user's home page shows 50), written here
    for the reason of community_rows."""
    label_unit = escape(gettext("Unit"))
    label_community = escape(gettext("Community / village"))
    label_street = escape(gettext("Street"))
    label_leader = escape(gettext("Leader"))
    label_from = escape(gettext("Paired from"))
    label_until = escape(gettext("Paired until"))
    today = timezone.localdate()
    badges: dict[PairingState, str] = {}
    rows = []
    for p in pairings:  # type: ignore[attr-defined]
        cells = []
        if show_unit:
            cells.append(
                f'<td data-label="{label_unit}"><a href="{link("unit_detail", p.unit_id)}">'
                f"{escape(p.unit.name)}</a></td>"
            )
        if show_community:
            cells.append(
                f'<td data-label="{label_community}">'
                f'<a href="{link("community_detail", p.community_id)}">'
                f"{escape(p.community.name)}</a></td>"
                f'<td data-label="{label_street}">{escape(p.community.street.name)}</td>'
            )
        if not hide_leader:
            leader = (
                f'<a href="{link("leader_detail", p.leader_id)}">{escape(p.leader.name)}</a>'
                if p.leader_id is not None
                else ""
            )
            cells.append(f'<td data-label="{label_leader}">{leader}</td>')
        state = p.state_on(today)
        if state not in badges:
            badges[state] = state_label_badge(state)
        cells.append(
            f'<td class="nowrap" data-label="{label_from}">{escape(day(p.started_on))} '
            f"{badges[state]}</td>"
            f'<td class="nowrap" data-label="{label_until}">{escape(day(p.ended_on)) or "—"}</td>'
        )
        rows.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
