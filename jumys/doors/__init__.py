"""The door core: what the API and the pages share, written once.

Identity (tokens, sessions, the public), sign-in and sign-out, the roles that may write, the as-of
date, batch uploads and background jobs live here; `jumys.api` and `jumys.web` are thin faces over
them, and the composition root (`jumys.server`) mounts both over one Door.
"""
