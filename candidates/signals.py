from django.dispatch import Signal

# Sent after commit when what an application says about the candidate changed (keyword:
# application_id): a new application, or its résumé text. Evaluations re-scores on it;
# candidates does not import evaluations.
application_inputs_changed = Signal()
