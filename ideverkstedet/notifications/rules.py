import rules

rules.add_perm("notifications.view_notifications", rules.is_authenticated)
rules.add_perm("notifications.mark_read", rules.is_authenticated)
rules.add_perm("notifications.change_email_settings", rules.is_authenticated)
