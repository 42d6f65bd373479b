"""设置 — organisation, identity, signing, backups, preferences."""
