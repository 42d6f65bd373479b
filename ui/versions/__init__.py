"""检查表版本 — checklist and regulation versions: list, draft, edit, compare, publish, retire, delete."""
