"""Cryptographic building blocks: key wrapping and the vault's hash algorithms."""
