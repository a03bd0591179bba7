"""Who may use the provider logins. Logging in is for everyone; links belong to their owner."""

import rules

from ideverkstedet.accounts.rules import is_municipal

rules.add_perm("oidc.log_in", rules.always_allow)
rules.add_perm("oidc.backchannel_logout", rules.always_allow)
rules.add_perm("oidc.manage_links", rules.is_authenticated)
rules.add_perm("oidc.choose_unit", is_municipal)
