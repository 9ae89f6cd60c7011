"""Swedish numbers and dates as the portal shows them, and the one-time token of create forms."""

import uuid
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html

from trygg import uploads

register = template.Library()


@register.filter
def sv_number(value, decimals=None):
    """1234.5 -> '1 234,5' (decimal comma, no-break thousands space); None -> '–'."""
    if value is None or value == "":
        return "–"
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 1
    # Rounded half up here: Django's number_format cuts the digits off (66.67 would read "66,6").
    value = value.quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def file_url(value):
    """An uploaded file's address through the view that checks who asks: {{ decision.document|file_url }}."""
    return uploads.file_url(value)


@register.filter
def ymd(value):
    """A date or datetime as YYYY-MM-DD (local time for datetimes)."""
    if not value:
        return ""
    if hasattr(value, "hour") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


@register.simple_tag
def field_widget(field):
    """Render a bound field's widget with Bootstrap classes and its help and error ids wired up."""
    widget = field.field.widget
    css = {
        "checkbox": "form-check-input",
        "select": "form-select",
        "selectmultiple": "form-select",
        "radioselect": "",
        "checkboxselectmultiple": "",
    }.get(field.widget_type, "form-control")
    if field.errors:
        css = f"{css} is-invalid".strip()
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    described += [f"{field.auto_id}_error{i}" for i in range(1, len(field.errors) + 1)]
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """'?…&page=N': the current query string (filters, search) with another page number."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def submission_token(context):
    """The hidden one-time token of a create form (trygg.submissions): the same token again when the
    form is shown again with errors, a new one for a new form."""
    request = context.get("request")
    sent = request.POST.get("submission", "") if request is not None and request.method == "POST" else ""
    try:
        token = uuid.UUID(sent)
    except ValueError:
        token = uuid.uuid4()
    return format_html('<input type="hidden" name="submission" value="{}">', token)
