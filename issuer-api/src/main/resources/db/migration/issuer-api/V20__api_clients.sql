-- The REST clients the issuer API knows (issuer-rest, auth package). A client is named by the
-- fingerprint of its certificate (SHA-256 of the DER, base64url): the keyid of its request
-- signatures, and the certificate it presents over mutual TLS.
CREATE TABLE api_client (
    key_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    certificate_pem TEXT         NOT NULL,
    roles           VARCHAR(200) NOT NULL,
    uscc            VARCHAR(18),
    active          BOOLEAN      NOT NULL,
    registered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Signature nonces already accepted, kept until their signature's window closes (replay protection
-- that survives a restart).
CREATE TABLE request_nonce (
    key_id     VARCHAR(64)  NOT NULL,
    nonce      VARCHAR(128) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (key_id, nonce)
);
CREATE INDEX request_nonce_expiry ON request_nonce (expires_at);
