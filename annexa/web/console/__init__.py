"""The web console (A.5.15-5.18, A.8.2, A.8.5): sign-in with MFA, profile, users, API keys and
access reviews, as plain server-rendered pages (Jinja2, no JavaScript needed).

Every page declares its permission (:func:`annexa.web.authz.require` or :func:`signed_in`),
every form carries a CSRF token, sensitive changes need a fresh password and code
(:meth:`annexa.identity.service.SignIn.reauthenticate`), and every response says
``Cache-Control: no-store`` with a strict Content-Security-Policy.
"""
