"""Signing identities, the trust store, PAdES signatures and their offline verification."""
