"""Opening and locking the vault: unlock, the first-run wizard, the recovery passphrase."""
