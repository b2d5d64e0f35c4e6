from django.dispatch import Signal

# Sent after commit when what an application says about the candidate changed (keyword:
# application_id): a new application, or its résumé text. Evaluations re-scores on it;
# candidates does not import evaluations.
application_inputs_changed = Signal()

# Sent inside the transaction that anonymises an application (keyword: application_id), so
# apps that keep free text about it (scorecard notes) scrub it in the same transaction.
application_anonymised = Signal()
