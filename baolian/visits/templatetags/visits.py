"""Small display helpers of the visit pages."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from baolian.lib.dates import format_cn
from baolian.lib.geo import format_distance

register = template.Library()


@register.filter
def cn_date(value: object) -> str:
    return format_cn(value)  # type: ignore[arg-type]


@register.filter
def distance(metres: float | None) -> str:
    return "" if metres is None else format_distance(metres)


@register.simple_tag
def photo_url(photo: object, variant: str = "display") -> str:
    """The scoped view that serves a photo's file (never a public media URL)."""
    try:
        return reverse(f"photos:{variant}", args=[photo.pk])  # type: ignore[attr-defined]
    except NoReverseMatch:
        return ""


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)
