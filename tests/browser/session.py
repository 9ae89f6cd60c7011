"""Signing in through the real sign-in page, as a member of staff does."""

from tests.trygg.factories import DEFAULT_PASSWORD as PASSWORD

__all__ = ["PASSWORD", "log_in"]


def log_in(page, live_server, username: str) -> None:
    """Sign in as `username` (made by UserFactory) and land on the workspace."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/arbete/")
