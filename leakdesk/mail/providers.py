"""Mail provider presets, guessed offline from the address (no DNS, no MX lookup).

Like Thunderbird's account setup: a known domain fills in the server, port
and security, and says in the provider's own terms when a normal password
will not do and an app password is needed. Businesses on their own domain
(Google Workspace, Microsoft 365, GoDaddy, any host) cannot be told apart
without DNS, so their address gets the generic guess ``imap.<domain>`` and
the person picks the provider from the list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    host: str                 # '' means imap.<the address's domain>
    port: int = 993
    security: str = "ssl"
    app_password: str = ""    # what the provider asks for, in its words; '' when the normal password works
    domains: tuple[str, ...] = ()

    def host_for(self, address: str) -> str:
        return self.host or f"imap.{address.rpartition('@')[2].lower()}"


PROVIDERS: tuple[Provider, ...] = (
    Provider("gmail", "Gmail / Google Workspace", "imap.gmail.com",
             app_password="Google asks for an app password for mail apps: turn on 2-Step Verification, then "
                          "create one under Google Account > Security > App passwords and paste it here.",
             domains=("gmail.com", "googlemail.com")),
    Provider("microsoft", "Microsoft 365 / Outlook.com", "outlook.office365.com",
             app_password="Microsoft 365 and Outlook.com no longer take passwords from mail apps (IMAP): choose "
                           "Sign in with Microsoft instead ('leakdesk account add --oauth microsoft').",
             domains=("outlook.com", "hotmail.com", "hotmail.co.uk", "live.com", "live.co.uk", "msn.com")),
    Provider("zoho", "Zoho Mail", "imap.zoho.com",
             app_password="With two-factor authentication on, Zoho needs an application-specific password: "
                          "Zoho Accounts > Security > App Passwords. Turn on IMAP access in Mail settings first.",
             domains=("zoho.com", "zohomail.com", "zohomail.eu")),
    Provider("fastmail", "Fastmail", "imap.fastmail.com",
             app_password="Fastmail needs an app password for other mail apps: Settings > Privacy & Security > "
                          "Integrations > New app password, with IMAP access.",
             domains=("fastmail.com", "fastmail.fm", "messagingengine.com")),
    Provider("icloud", "iCloud Mail", "imap.mail.me.com",
             app_password="Apple needs an app-specific password: sign in at account.apple.com, then Sign-In and "
                          "Security > App-Specific Passwords.",
             domains=("icloud.com", "me.com", "mac.com")),
    Provider("yahoo", "Yahoo Mail", "imap.mail.yahoo.com",
             app_password="Yahoo needs an app password: Account info > Account security > Generate app password.",
             domains=("yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com", "rocketmail.com")),
    Provider("godaddy", "GoDaddy Workspace Email", "imap.secureserver.net"),
    Provider("generic", "Other (IMAP)", ""),
)
BY_KEY = {p.key: p for p in PROVIDERS}
GENERIC = BY_KEY["generic"]


def guess(address: str) -> Provider:
    """The provider an address is most likely with; the generic IMAP guess for unknown domains."""
    domain = address.strip().rpartition("@")[2].lower()
    for provider in PROVIDERS:
        if domain in provider.domains or any(domain.endswith("." + d) for d in provider.domains):
            return provider
    return GENERIC
