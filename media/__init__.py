"""A pure image library: upload validation, decoding, web variants, palette and perceptual hash,
and the storage backends. Knows nothing of posts or the database.
"""
