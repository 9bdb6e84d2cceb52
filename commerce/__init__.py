"""The money side: catalogue and shops, campaigns with their members and deliverables, shoppable
links and their clicks, orders and returns from the shops' webhooks, the earnings ledger,
payouts, and reconciling the counters kept beside them; suppliers, their purchase orders,
grades and payables. Owns `products`, `shops`, `campaigns`, `campaign_members`,
`deliverable_revisions`, `creator_codes`, `links`, `clicks`, `orders`, `returns`, `ledger`,
`payouts`, `budget_corrections`, `suppliers`, `purchase_orders`, `supplier_ledger`,
`supplier_grades`, `supplier_quality_returns` and `points_ledger` (shoppers' points, kept
apart from the cash ledger).
"""
