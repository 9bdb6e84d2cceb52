"""What the posts say about style: the taxonomy, element extraction, trend detection, the
designers' trending feed and watches, and the shoppers' ranked feed and Explore (hashtag and
element looks, `feeds.search`); `feeds.drops` holds the test drops. Owns `post_elements`,
`element_days`, `post_order_credits`, `trend_snapshots`, `shopper_profiles`, `element_watches`
and `feeds_state`.
"""
