-- Invoice requests taken in from enterprise clients: the sealed envelope is stored before it is
-- submitted, so a retry submits the very same bytes (the ledger's idempotent resubmission) instead
-- of a new sealing, which the ledger would refuse as a conflict.
CREATE TABLE invoice_request (
    bill_key       VARCHAR(120) NOT NULL PRIMARY KEY,
    client_key_id  VARCHAR(64)  NOT NULL,
    request_hash   VARCHAR(64)  NOT NULL,
    sealed_bill    TEXT         NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    transaction_id VARCHAR(128),
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    submitted_at   TIMESTAMP WITH TIME ZONE
);
