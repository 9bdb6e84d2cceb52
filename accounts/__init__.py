"""People: sign-up, log-in, tokens, profiles and roles, the notifications inbox every area writes
to, and what other areas keep on an account (`accounts.records`). Owns `users`,
`handles`, `notifications` and `notification_actors`.
"""
