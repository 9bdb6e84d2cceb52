"""Outfit posts: their life (create, edit, delete, who sees what), photos processed through `media`,
product tags, likes, saves, comments, follows, reports and moderation, likely reposts, the
social counters, and what other areas record on a post (`posts.marks`). Owns `posts`, `likes`,
`saves`, `comments`, `follows`, `post_reports` and `image_hashes`.
"""
