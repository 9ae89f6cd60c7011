"""The signed-in (and anonymous) test clients of tests/conftest.py, for permission matrices:
@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)."""

ALL_PERSONAS = [
    "client",
    "coordinator_client",
    "police_partner_client",
    "other_partner_client",
    "board_client",
    "admin_client",
    "no_role_client",
]
