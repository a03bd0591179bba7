import rules

# Public pages: everyone, logged in or not, may read them.
rules.add_perm("core.view_public_pages", rules.always_allow)
rules.add_perm("core.view_health", rules.always_allow)
