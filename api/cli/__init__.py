"""The `trendloop` command; `main` composes the domains' commands and the plugins'."""
