"""整改提高 (art. 32, step 4) — notices, rectification reports, verification."""
