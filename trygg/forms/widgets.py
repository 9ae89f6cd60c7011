"""Widgets every app's forms use."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, with the value written as YYYY-MM-DD (what it expects and we show)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)
