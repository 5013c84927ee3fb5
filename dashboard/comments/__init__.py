"""Public comments on commitments (DESIGN.md section 10): storage in SQLite or PostgreSQL, the rules a comment
must pass, moderation, and the moderators' sign-in. No Streamlit here: the form lives in dashboard/ui/comment_form.py
and the moderator page in dashboard/ui/pages/moderation.py; the command line in dashboard/comments/cli.py."""

from dashboard.comments.store import CommentStore, Outcome, PublicComment

__all__ = ["CommentStore", "Outcome", "PublicComment"]
