"""Role predicates every app builds on (the `rules` package), and the site-wide permissions."""

import rules

from .roles import Role

is_coordinator = rules.is_group_member(Role.COORDINATOR.value)
is_partner_editor = rules.is_group_member(Role.PARTNER_EDITOR.value)
is_board_reader = rules.is_group_member(Role.BOARD_READER.value)
is_administrator = rules.is_group_member(Role.ADMINISTRATOR.value) | rules.is_superuser
has_any_role = is_coordinator | is_partner_editor | is_board_reader | is_administrator

rules.add_perm("trygg.view_workspace", rules.is_active & has_any_role)
rules.add_perm("trygg.change_site_settings", rules.is_active & is_administrator)


def signed_in_with(predicate, user) -> bool:
    """For QuerySet filters (`visible_to`): an active, signed-in user for whom the predicate holds."""
    return bool(user.is_authenticated and user.is_active and predicate(user))


# Residents' accessibility feedback (the DOS law): the message and the reporter's address are read and
# answered by the coordinators and the system owner, in the workspace (trygg.accessibility).
rules.add_perm("trygg.handle_accessibilityfeedback", rules.is_active & (is_coordinator | is_administrator))
