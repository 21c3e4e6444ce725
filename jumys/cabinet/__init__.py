"""The personal cabinet: persons' accounts, their sign-in, their notifications and the e-mail outbox."""
