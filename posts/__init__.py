"""Outfit posts: their life (create, edit, delete, who sees what), photos processed through `media`,
product tags, likes, saves, comments, follows, reports and moderation, likely reposts, the
social counters, what other areas record on a post (`posts.marks`), shoppers' saved looks
sorted into collections (`posts.collections`), and people's profile pictures made through
`media` (`posts.avatars`; the account itself is written by `accounts.avatars`). Owns `posts`,
`likes`, `saves`, `comments`, `follows`, `post_reports`, `image_hashes`, `saved_collections`
and `saved_collection_posts`.
"""
