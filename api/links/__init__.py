"""The shoppable-links area of the GraphQL API: an influencer's links to products, with their
clicks, the orders credited to them and their conversion rate."""
