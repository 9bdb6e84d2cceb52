"""The money side: catalogue and shops, campaigns with their members and deliverables, shoppable
links and their clicks, orders and returns from the shops' webhooks, the earnings ledger,
payouts, and reconciling the counters kept beside them; suppliers, their purchase orders,
grades and payables. Owns `products`, `shops`, `campaigns`, `campaign_members`,
`creator_codes`, `links`, `clicks`, `orders`, `returns`, `ledger`, `payouts`,
`budget_corrections`, `suppliers`, `purchase_orders`, `supplier_ledger`, `supplier_grades`
and `supplier_quality_returns`.
"""
