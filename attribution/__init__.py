"""Which post, KOL and campaign drove each order: journeys, the six attribution models (Markov,
Shapley), crediting one order under its campaign's model, and the brands' reports with their
cache and jobs (the click drain among them). Owns `report_cache`, `report_dirty` and
`report_state`.
"""
