"""The demo city: its roster (`city`), then the activity of later apps on top of it.

Each app that has demo records adds a module here with `build(rng, city)` and `reset()`;
`city.demo_city_build` calls them in `ACTIVITY` order after the roster exists.
"""
