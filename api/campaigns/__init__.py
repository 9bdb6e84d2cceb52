"""The campaigns area of the GraphQL API: brands' KOL campaigns (budget, commission rule, dates,
budget corrections), influencers' memberships in them, and the posts submitted as their
deliverables with the brand's review."""
