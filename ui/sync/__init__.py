"""同步 — bundles to and from other vaults, and conflicts."""
