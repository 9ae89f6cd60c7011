"""The Django admin for the system owner and coordinators, one module per concept. Status moves are
admin actions that ask for confirmation and then call the services, so the allowed-moves tables of
the models are the only place that decides what is allowed."""

from . import (  # noqa: F401 (registers)
    agreement,
    cycle,
    followup,
    measure,
    milestone,
    plan,
    promise,
    report,
    subscription,
    yearwheel,
)
