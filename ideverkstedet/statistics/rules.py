"""Who sees which figures: public aggregates for everyone, exact small counts and internal figures for the
municipality's people."""

import rules

from ideverkstedet.accounts.rules import is_municipal

rules.add_perm("statistics.view_statistics", rules.always_allow)
rules.add_perm("statistics.view_internal_statistics", is_municipal)
rules.add_perm("statistics.view_open_data", rules.always_allow)
