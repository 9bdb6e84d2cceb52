"""What the posts say about style: the taxonomy, element extraction, trend detection, the
designers' trending feed and watches, and the shoppers' ranked feed; `feeds.drops` holds the
test drops. Owns `post_elements`, the element aggregates, trend snapshots, feed sessions,
affinities and `watches`.
"""
