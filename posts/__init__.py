"""Outfit posts: their life (create, edit, delete, who sees what), photos processed through `media`,
product tags, likes, saves, comments, follows, reports and moderation, likely reposts, and the
social counters. Owns `posts`, `likes`, `saves`, `comments`, `follows`, `reports` and
`image_hashes`.
"""
