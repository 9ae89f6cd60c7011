"""The site-wide forms, one module per concept: sign-in and passwords (accounts), the accessibility
feedback (accessibility), a coordinator's review (review), and the widgets every app's forms use (widgets)."""

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
