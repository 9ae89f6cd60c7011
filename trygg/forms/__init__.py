"""The site-wide forms, one module per concept: sign-in and passwords (accounts), the accessibility
feedback (accessibility), a coordinator's review (review), the widgets every app's forms use (widgets)
and the date fields with their Swedish help and error texts (dates)."""

from .accessibility import AccessibilityFeedbackForm
from .accounts import LoginForm, PasswordResetForm, SetPasswordForm
from .review import ReviewForm
from .widgets import DateInput

__all__ = [
    "AccessibilityFeedbackForm",
    "DateInput",
    "LoginForm",
    "PasswordResetForm",
    "ReviewForm",
    "SetPasswordForm",
]
