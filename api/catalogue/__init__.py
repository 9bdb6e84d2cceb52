"""The catalogue area of the GraphQL API: brands' products (one by one or imported from a CSV or
JSON feed) and their shops, the merchant domains links may point to."""
