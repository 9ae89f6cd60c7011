"""The pieces every moderated case shares (trygg.moderation), on their own: an action on a case someone
changed meanwhile is refused, an action form sent twice is done once, and a filled-in honeypot is spam."""

import uuid

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from tests.trygg.factories import AccessibilityFeedbackFactory
from trygg.concurrency import CONFLICT_MESSAGE
from trygg.moderation import CaseVersionForm, HoneypotMixin, run_case_action
from trygg.submissions import ALREADY_SAVED


def post(data: dict):
    request = RequestFactory().post("/", data)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.django_db
def test_case_version_form_refuses_a_case_changed_since_the_form_was_shown():
    case = AccessibilityFeedbackFactory()
    seen = case.version
    case.save()  # someone else's change: the version moves on

    form = CaseVersionForm({"version": seen}, case=case)

    assert form.is_valid() is False
    assert form.non_field_errors() == [CONFLICT_MESSAGE]


@pytest.mark.django_db
def test_case_version_form_accepts_the_current_version():
    case = AccessibilityFeedbackFactory()

    form = CaseVersionForm({"version": case.version}, case=case)

    assert form.is_valid() is True
    assert form.fields["version"].initial == case.version


@pytest.mark.django_db
def test_run_case_action_sent_twice_acts_once_and_says_already_saved():
    case = AccessibilityFeedbackFactory()
    done = []

    def act(form):
        done.append(form)
        return case

    token = str(uuid.uuid4())
    responses, requests = [], []
    for _sending in range(2):
        request = post({"version": case.version, "submission": token})
        form = CaseVersionForm(request.POST, case=case)
        responses.append(
            run_case_action(request, form, act, done="Klart.", on_invalid=None, success_url="/arende/")
        )
        requests.append(request)

    assert len(done) == 1
    assert [r.status_code for r in responses] == [302, 302]
    assert [r["Location"] for r in responses] == ["/arende/", "/arende/"]
    assert [[str(m) for m in get_messages(r)] for r in requests] == [["Klart."], [str(ALREADY_SAVED)]]


@pytest.mark.django_db
def test_run_case_action_gives_a_conflict_back_on_the_form():
    case = AccessibilityFeedbackFactory()
    request = post({"version": case.version + 1, "submission": str(uuid.uuid4())})
    form = CaseVersionForm(request.POST, case=case)

    result = run_case_action(
        request, form, lambda form: pytest.fail("acted"), done="", on_invalid=lambda f: f, success_url="/"
    )

    assert result is form
    assert form.non_field_errors() == [CONFLICT_MESSAGE]


class MessageForm(HoneypotMixin, forms.Form):
    text = forms.CharField()


def test_a_filled_in_honeypot_is_spam():
    form = MessageForm({"text": "Hej", "webbplats": "http://spam.example"})

    assert form.is_valid() is True
    assert form.is_spam() is True


def test_an_empty_honeypot_is_not_spam_and_the_field_is_not_among_the_visible_ones():
    form = MessageForm({"text": "Hej", "webbplats": ""})

    assert form.is_valid() is True
    assert form.is_spam() is False
    assert [field.name for field in form.visible_fields()] == ["text"]
    assert form.fields["webbplats"].widget.attrs["tabindex"] == "-1"
