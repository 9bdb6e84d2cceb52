"""The edges: the FastAPI app, GraphQL (a folder per domain, resolvers handing off to the domain
packages), REST edges (redirect, webhooks, media, exports) and the `trendloop` CLI. Owns no
collection.
"""
