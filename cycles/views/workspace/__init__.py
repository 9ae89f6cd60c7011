"""The staff workspace under /arbete/, one module per concept. Lists start from `visible_to(user)`;
single objects answer 404 when the user may not see them and 403 when they may see but not act."""
