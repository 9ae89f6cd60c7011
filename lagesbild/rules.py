"""Object permissions for lägesbilder, problems and dialogues.

Lists use the QuerySets' `visible_to(user)`; single objects use these predicates. The tests check the
two together (tests/lagesbild/test_<concept>_permissions.py), so that they cannot drift apart.
"""

import rules

from actors.rules import own_actor
from trygg import files
from trygg.rules import has_any_role, is_board_reader, is_coordinator, is_partner_editor
from trygg.visibility import Visibility

from .models import DECIDED_STATUSES, UnsafePlaceReport


@rules.predicate
def is_own_report(user, report) -> bool:
    """The report is written by the actor whose contact is linked to the user's account."""
    actor = own_actor(user)
    return report is not None and actor is not None and report.author_id == actor.pk


@rules.predicate
def is_own_dialogue(user, dialogue) -> bool:
    actor = own_actor(user)
    return dialogue is not None and actor is not None and dialogue.organiser_id == actor.pk


@rules.predicate
def is_public_report(user, report) -> bool:
    return (
        report is not None
        and report.visibility == Visibility.PUBLIC
        and report.status in DECIDED_STATUSES
        and report.decision_id is not None
        and bool(report.public_summary)
    )


@rules.predicate
def is_open_report(user, report) -> bool:
    """Not yet decided: its content may still change without a new version."""
    return report is not None and report.status not in DECIDED_STATUSES


@rules.predicate
def is_not_confidential(user, obj) -> bool:
    return obj is not None and obj.visibility != Visibility.CONFIDENTIAL


@rules.predicate
def is_public(user, obj) -> bool:
    return obj is not None and obj.visibility == Visibility.PUBLIC


signed_in = rules.is_active

# Kept in step with SituationReportQuerySet.visible_to.
can_view_report = (
    is_public_report
    | (signed_in & is_coordinator)
    | (signed_in & is_board_reader & is_not_confidential)
    | (signed_in & is_partner_editor & is_own_report)
)
# Coordinators edit everything; a partner editor their own actor's reports while they are open.
can_change_report = signed_in & (is_coordinator | (is_partner_editor & is_own_report & is_open_report))

# Kept in step with trygg.visibility.StaffVisibleQuerySet.visible_to (problems and dialogues).
can_view_staff_content = (
    is_public | (signed_in & is_coordinator) | (signed_in & has_any_role & is_not_confidential)
)

rules.add_perm("lagesbild.view_situationreport", can_view_report)
rules.add_perm("lagesbild.change_situationreport", can_change_report)
rules.add_perm("lagesbild.move_situationreport", can_change_report)
rules.add_perm("lagesbild.adopt_situationreport", signed_in & is_coordinator)
rules.add_perm("lagesbild.add_situationreport", signed_in & is_coordinator)
rules.add_perm("lagesbild.delete_situationreport", signed_in & is_coordinator & is_open_report)

rules.add_perm("lagesbild.view_problem", can_view_staff_content)
rules.add_perm("lagesbild.change_problem", signed_in & is_coordinator)
rules.add_perm("lagesbild.view_dialogue", can_view_staff_content)
rules.add_perm(
    "lagesbild.change_dialogue", signed_in & (is_coordinator | (is_partner_editor & is_own_dialogue))
)
rules.add_perm("lagesbild.add_dialogue", signed_in & (is_coordinator | is_partner_editor))
# Partners' dialogues become public only when a coordinator approves (trygg.review).
rules.add_perm("lagesbild.publish_dialogue", signed_in & is_coordinator)

# Workspace pages.
rules.add_perm("lagesbild.view_workspace_lagesbild", signed_in & has_any_role)
rules.add_perm("lagesbild.view_report_watch", signed_in & (is_coordinator | is_board_reader))

# Statistics: indicators and imports are the coordinators' (workspace), the figures are public.
rules.add_perm("lagesbild.manage_statistics", signed_in & is_coordinator)

# Residents' reports of unsafe places: the original text may hold personal data, so only the
# coordinators read and moderate them (the queue, the case page, the photos of unpublished reports).
rules.add_perm("lagesbild.moderate_unsafeplacereport", signed_in & is_coordinator)
# ... and turn a cluster of them into a problem in the lägesbild.
rules.add_perm("lagesbild.add_problem_from_reports", signed_in & is_coordinator)
files.protect(
    UnsafePlaceReport,
    "photo",
    public=lambda reports: reports.public().filter(photo_public=True),
    may_read=lambda user, report: user.has_perm("lagesbild.moderate_unsafeplacereport", report),
    label=lambda report: f"foto trygghetsrapport {report.pk}",
)
