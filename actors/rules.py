"""Object permissions for actors, contacts, forums, meetings and decisions.

Lists use the QuerySets' `visible_to(user)`; single objects use these predicates. The tests check
the two together (tests/actors/test_permissions.py), so that they cannot drift apart.
"""

import rules
from django.utils import timezone

from trygg import files
from trygg.rules import has_any_role, is_coordinator, is_partner_editor
from trygg.visibility import Visibility

from .models import Actor, Contact, Decision, Meeting, Membership


def own_actor(user) -> Actor | None:
    """The actor whose contact is linked to the user's account, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_trygg_own_actor"):
        contact = Contact.objects.select_related("actor").filter(user=user).first()
        user._trygg_own_actor = contact.actor if contact else None
    return user._trygg_own_actor


@rules.predicate
def has_own_actor(user) -> bool:
    return own_actor(user) is not None


@rules.predicate
def is_own_actor(user, actor) -> bool:
    return actor is not None and own_actor(user) is not None and own_actor(user).pk == actor.pk


@rules.predicate
def is_own_actors_contact(user, contact) -> bool:
    return contact is not None and is_own_actor(user, contact.actor)


def _forum_of(obj):
    return getattr(obj, "forum", obj)


@rules.predicate
def is_public_content(user, obj) -> bool:
    return obj is not None and obj.visibility == Visibility.PUBLIC


@rules.predicate
def is_member_of_forum(user, obj) -> bool:
    """The user sits in the forum (of this meeting or decision) today, through their linked contact."""
    if obj is None or not user.is_authenticated:
        return False
    today = timezone.localdate()
    memberships = Membership.objects.filter(contact__user=user, forum=_forum_of(obj), start_date__lte=today)
    return memberships.exclude(end_date__lt=today).exists()


@rules.predicate
def is_internal_content(user, obj) -> bool:
    return obj is not None and obj.visibility == Visibility.INTERNAL


# Kept in step with ForumContentQuerySet.visible_to.
can_read_forum_content = (
    is_coordinator
    | is_public_content
    | (rules.is_active & has_any_role & is_internal_content & is_member_of_forum)
)
can_edit_own_organisation = rules.is_active & has_own_actor & (is_partner_editor | is_coordinator)
is_staff_reader = rules.is_active & has_any_role

# Actors: everyone may read the public facts; only coordinators change them.
rules.add_perm("actors.view_actor", is_staff_reader)
rules.add_perm("actors.change_actor", is_coordinator)
rules.add_perm("actors.delete_actor", is_coordinator)

# Contacts are personal data: coordinators, and a partner editor for their own actor's people.
rules.add_perm("actors.view_contact", is_coordinator | (is_partner_editor & is_own_actors_contact))
rules.add_perm("actors.change_contact", is_coordinator | (is_partner_editor & is_own_actors_contact))
rules.add_perm("actors.delete_contact", is_coordinator)
rules.add_perm("actors.add_contact_to_actor", is_coordinator | (is_partner_editor & is_own_actor))

# Meetings and decisions: minutes and internal decisions for the members of the forum.
rules.add_perm("actors.view_meeting", can_read_forum_content)
rules.add_perm("actors.change_meeting", is_coordinator)
rules.add_perm("actors.delete_meeting", is_coordinator)
rules.add_perm("actors.view_decision", can_read_forum_content)
rules.add_perm("actors.change_decision", is_coordinator)
rules.add_perm("actors.delete_decision", is_coordinator)

# Workspace pages.
rules.add_perm("actors.view_collaboration_workspace", rules.is_active & is_coordinator)
rules.add_perm("actors.edit_own_organisation", can_edit_own_organisation)

# Uploaded files (trygg.files, /filer/…): public items' files to everyone, the rest as the item itself.
files.protect(
    Meeting,
    "minutes_file",
    public=lambda meetings: meetings.public(),
    may_read=lambda user, meeting: user.has_perm("actors.view_meeting", meeting),
    label=lambda meeting: f"protokoll {meeting}",
)
files.protect(
    Decision,
    "document",
    public=lambda decisions: decisions.public(),
    may_read=lambda user, decision: user.has_perm("actors.view_decision", decision),
    label=lambda decision: f"beslut {decision.paragraph} {decision.decided_on:%Y-%m-%d}",
)
