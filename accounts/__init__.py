"""People: sign-up, log-in, tokens, profiles and roles, and the notifications inbox every area
writes to through `accounts.notifications`. Owns `users` and `notifications`.
"""
