"""OAuth2 sign-in for IMAP (Microsoft 365 / Outlook.com and Google), with the providers' own libraries.

``apps`` holds LeakDesk's registrations (client ids) in one place; ``microsoft`` (msal) and ``google``
(google-auth-oauthlib) run the browser sign-in on a loopback redirect with PKCE, Microsoft's device
code, and the refresh grant; ``grants`` turns what they answer into a Grant or one sentence;
``tokens`` keeps the refresh token in the OS keyring and hands the IMAP login a fresh access token.
No token code is written by hand here.
"""
