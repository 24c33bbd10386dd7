"""Keeping the service safe: staff sign-in with its lockout page
(``staff_sign_in``) and optional second factor (``two_factor``), rate limits
and the honeypot (``abuse``), the client's address (``client_address``),
requests refused before any view (``middleware``) and the admin's history
pages (``history_admin``)."""
