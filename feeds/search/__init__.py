"""Search for shoppers: people (handle, display name), hashtags, products (title, SKU) and
style elements, by prefix, whatever the case, accents or script. `terms` is the pure folding and
tokenising, `index_io` keeps the `search_terms` index in step with the accounts, products and
posts it points to, `query_io` answers a query from that index. Owns `search_terms`.
"""
