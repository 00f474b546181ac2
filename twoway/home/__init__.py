"""The top of the layers: each role's home page, the navigation, and the pages
that bring several apps together (a person's profile, a program's page, a
pair's page). Nothing imports this app; it may import every other."""
