"""What every area of the GraphQL API shares: scalars, enums, connections and user errors."""
