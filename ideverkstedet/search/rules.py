import rules

# Anyone may search; what each person finds is decided per entry by selectors.search (visibility).
rules.add_perm("search.search", rules.always_allow)
