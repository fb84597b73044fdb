-- One row per (client, Idempotency-Key): the hash of the request it was first used for and, once the
-- request completed, the response every retry gets back.
CREATE TABLE idempotent_request (
    client_key_id     VARCHAR(64)  NOT NULL,
    idempotency_key   VARCHAR(200) NOT NULL,
    request_hash      VARCHAR(64)  NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    response_status   INTEGER,
    response_location VARCHAR(500),
    response_body     TEXT,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at      TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (client_key_id, idempotency_key)
);
