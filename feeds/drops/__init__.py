"""Test drops: small first batches launched on trending elements, judged by real sales against
their category, with re-orders of what sells. Owns `test_drops` and `drop_products`.
"""
