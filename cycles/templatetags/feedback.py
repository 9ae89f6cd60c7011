"""{% measure_feedback measure as section %}: the feedback section of a measure's public page (its
published feedback and the form), without the page's view knowing about feedback."""

from django import template

from ..views.public.feedback import measure_section

register = template.Library()


@register.simple_tag
def measure_feedback(measure) -> dict:
    return measure_section(measure)
