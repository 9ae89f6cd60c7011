"""The cycles app's pages: `public/` for residents (no sign-in), `workspace/` for staff under /arbete/.
One module per concept in each."""
