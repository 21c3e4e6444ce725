"""Access: users, roles, sessions, machine tokens and the audit log."""
