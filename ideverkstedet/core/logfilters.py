"""Secrets stay out of logs: URLs that carry a secret (the personal calendar feed, email verification and
password reset links) are logged with the secret replaced by "[skjult]".

The filter sits on our log handlers (settings.LOGGING), so it covers Django's request and runserver logs, and
`gunicorn.conf.py` puts it on gunicorn's access log too. If you log requests elsewhere (a load balancer, a
proxy), redact the same paths there.
"""

import logging
import re

HIDDEN = "[skjult]"

# Each pattern keeps what it captures in "keep" and hides the rest of the match.
SECRET_URL_PATTERNS = [
    re.compile(r"(?P<keep>/kalender/)[^/\s\"'?#]+(?=\.ics)"),  # personal calendar feed token
    re.compile(r"(?P<keep>/bekreft/)(?!ny-lenke/)[^/\s\"'?#]+/[^/\s\"'?#]+"),  # email verification link
    re.compile(r"(?P<keep>/nytt-passord/)[^/\s\"'?#]+/[^/\s\"'?#]+"),  # password reset link
    re.compile(r"(?P<keep>[?&](?:token|key|access_token)=)[^&\s\"'#]+", re.IGNORECASE),
]


def redact(text: str) -> str:
    for pattern in SECRET_URL_PATTERNS:
        text = pattern.sub(lambda match: match.group("keep") + HIDDEN, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrite the record's message with the secrets hidden (all handlers after this one see the same)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is the logging call's problem, not ours
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
