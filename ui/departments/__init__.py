"""被检查单位 — the departments under inspection."""
