"""The demo world: a plan of people, posts, campaigns, clicks and orders, replayed through the
platform's own code by the seeder, and `trendloop simulate`. Nothing imports it: it joins the
CLI through the `trendloop.plugins` entry point. Owns `demo_worlds`.
"""
