"""Server-side sessions in MongoDB: every worker and machine sees the same sessions.

The cookie holds a random token (HttpOnly, SameSite); the data live in `LoginSession`. A
session ends after `SESSION_IDLE_MINUTES` without a request, and at once on logout, so a
copied cookie is dead after its owner signs out.
"""

import datetime
import logging
import secrets

from flask.sessions import SessionInterface, SessionMixin
from pymongo.errors import PyMongoError
from werkzeug.datastructures import CallbackDict

from documents.base import now
from documents.user import LoginSession

logger = logging.getLogger(__name__)

# Refresh the expiry at most this often, not on every request.
TOUCH_EVERY = datetime.timedelta(seconds=60)


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, data=None, token=None, expires_at=None):
        def on_update(session):
            session.modified = True

        super().__init__(data or {}, on_update)
        self.token = token
        self.expires_at = expires_at
        self.modified = False
        self.rotate_token = False
        # The error met while reading the session, when the database could not be reached.
        self.unavailable = None

    @property
    def new(self):
        return self.token is None

    def renew(self):
        """Issue a new token at sign-in, so a token seen before it opens nothing after."""
        self.rotate_token = True
        self.modified = True


class MongoSessionInterface(SessionInterface):
    def idle(self, app):
        return datetime.timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])

    def open_session(self, app, request):
        token = request.cookies.get(self.get_cookie_name(app))
        if token:
            try:
                # Plain data: MongoEngine's tracked dicts hold a weak reference to their document.
                row = (
                    LoginSession.objects(id=LoginSession.key(token), expires_at__gt=now())
                    .only("data", "expires_at")
                    .as_pymongo()
                    .first()
                )
            except PyMongoError as exc:
                # Raised again from a before_request hook, where the error pages apply.
                session = ServerSession(token=token)
                session.unavailable = exc
                return session
            if row is not None:
                return ServerSession(row.get("data"), token=token, expires_at=row["expires_at"])
        return ServerSession()

    def save_session(self, app, session, response):
        if session.unavailable is not None:
            return
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        if not session:
            if session.token is not None:
                LoginSession.objects(id=LoginSession.key(session.token)).delete()
                response.delete_cookie(name, domain=domain, path=path)
            return
        expires_at = now() + self.idle(app)
        stale = session.expires_at is None or session.expires_at < expires_at - TOUCH_EVERY
        if session.rotate_token and session.token is not None:
            LoginSession.objects(id=LoginSession.key(session.token)).delete()
            session.token = None
        if session.token is None:
            session.token = secrets.token_urlsafe(32)
        elif not (session.modified or stale):
            return
        try:
            LoginSession.objects(id=LoginSession.key(session.token)).update_one(
                set__data=dict(session),
                set__expires_at=expires_at,
                set_on_insert__created_at=now(),
                upsert=True,
            )
        except PyMongoError:
            # The page is already made; without its session the next form post is refused (CSRF).
            logger.warning("session not saved: database unreachable", exc_info=True)
            return
        response.set_cookie(
            name,
            session.token,
            httponly=True,
            samesite=self.get_cookie_samesite(app),
            secure=self.get_cookie_secure(app),
            domain=domain,
            path=path,
        )
        response.vary.add("Cookie")
