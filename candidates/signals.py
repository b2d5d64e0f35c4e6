from django.dispatch import Signal

# Sent inside the transaction that anonymises an application (keyword: application_id), so
# apps that keep free text about it (scorecard notes) scrub it in the same transaction.
application_anonymised = Signal()
