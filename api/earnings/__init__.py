"""The earnings area of the GraphQL API: influencers' earnings reports, commissions and payouts,
and the admins' money review (held commissions, adjustments, payout runs)."""
