"""``python -m ui`` serves the chat app."""

from .app import main

raise SystemExit(main())
