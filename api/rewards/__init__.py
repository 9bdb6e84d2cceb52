"""The rewards area of the GraphQL API: a shopper's points (store credit earned when their tagged
looks drive orders), the brand's shopper channel beside its KOLs, and running the approval job."""
