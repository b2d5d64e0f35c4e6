from django.dispatch import Signal

# Sent after commit when a position's requirements may have changed (keyword: position_id).
# The candidates app listens to re-screen applications; positions does not import it.
position_requirements_changed = Signal()
