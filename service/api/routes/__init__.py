"""Route modules; each holds one APIRouter."""
