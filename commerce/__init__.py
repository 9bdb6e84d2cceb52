"""The money side: catalogue and shops, campaigns with their members and deliverables, shoppable
links and their clicks, orders and returns from the shops' webhooks, the earnings ledger,
payouts, and reconciling the counters kept beside them. Owns `products`, `shops`, `campaigns`,
`campaign_members`, `creator_codes`, `links`, `clicks`, `orders`, `returns`, `ledger`,
`payouts` and `budget_corrections`.
"""
